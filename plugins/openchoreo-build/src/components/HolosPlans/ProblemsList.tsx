import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { HolosProblem } from '@openchoreo-build/plugin-openchoreo-build-common';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { holosMessages } from '../../messages/holos';
import { openchoreoBuildTranslationRef } from '../../translation';

/** A rule this frontend has a text for (a newer backend may report one it does not know yet). */
const hasRuleText = (rule: string): rule is HolosProblem['rule'] =>
  Object.prototype.hasOwnProperty.call(holosMessages.holos.rule, rule);

/**
 * The problems of a plan (or of one node): the rule broken, where (path, line) and why. With
 * `onSelect`, a problem that belongs to a pipeline node has a button selecting that node.
 */
export const ProblemsList = (props: {
  problems: HolosProblem[];
  label: string;
  /** The node a problem's task is, in words; undefined when it is not drawn. */
  nodeName?: (problem: HolosProblem) => string | undefined;
  onSelect?: (problem: HolosProblem) => void;
}) => {
  const { problems, label, nodeName, onSelect } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (problems.length === 0) {
    return (
      <Typography variant="body2" data-testid="holos-no-problems">
        {t('holos.problems.none')}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{t('holos.problems.columns.rule')}</TableCell>
          <TableCell>{t('holos.problems.columns.where')}</TableCell>
          <TableCell>{t('holos.problems.columns.line')}</TableCell>
          <TableCell>{t('holos.problems.columns.problem')}</TableCell>
          {onSelect && (
            <TableCell>{t('holos.problems.columns.node')}</TableCell>
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {problems.map((problem, i) => {
          const node = nodeName?.(problem);
          return (
            <TableRow
              key={`${problem.path}-${problem.rule}-${i}`}
              data-testid="holos-problem"
            >
              <TableCell>
                <Tooltip
                  title={
                    hasRuleText(problem.rule)
                      ? t(`holos.rule.${problem.rule}`)
                      : problem.rule
                  }
                >
                  <Chip
                    size="small"
                    color="error"
                    variant="outlined"
                    label={problem.rule}
                  />
                </Tooltip>
              </TableCell>
              <TableCell
                sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
              >
                {problem.path || t('holos.problems.document')}
              </TableCell>
              <TableCell>
                {problem.line !== undefined
                  ? `${problem.line}${
                      problem.column !== undefined ? `:${problem.column}` : ''
                    }`
                  : '—'}
              </TableCell>
              <TableCell>{problem.message}</TableCell>
              {onSelect && (
                <TableCell>
                  {node && (
                    <Button
                      size="small"
                      onClick={() => onSelect(problem)}
                      aria-label={t('holos.problems.showNode', { node })}
                    >
                      {node}
                    </Button>
                  )}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

import type {
  HolosProblem,
  HolosRule,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';

/** What each rule asks of a plan, for the chip's tooltip (the rules are defined in -common). */
export const RULE_TEXT: Record<HolosRule, string> = {
  schema: 'The document must match the v1alpha6 schema',
  'write-once': 'Each output is written by one task of the plan only',
  'artifact-output':
    "The artifact's last transformer (or its only generator) writes the artifact path",
  'missing-input':
    'Every input is written by an earlier task of the same artifact',
  'cross-artifact':
    'Artifacts run concurrently: one must not read the output of another',
  'input-order': 'A task must not read an output written later in its pipeline',
};

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
  if (problems.length === 0) {
    return (
      <Typography variant="body2" data-testid="holos-no-problems">
        No problems.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Rule</TableCell>
          <TableCell>Where</TableCell>
          <TableCell>Line</TableCell>
          <TableCell>Problem</TableCell>
          {onSelect && <TableCell>Node</TableCell>}
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
                <Tooltip title={RULE_TEXT[problem.rule] ?? problem.rule}>
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
                {problem.path || '(document)'}
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
                      aria-label={`Show ${node} in the pipeline`}
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

import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { openchoreoBuildTranslationRef } from '../../translation';
import { describeNode, type PipelineNode } from './pipelineModel';
import { ProblemsList } from './ProblemsList';
import { Facts, TaskSpecDetails } from './TaskSpecDetails';

const paths = (list: string[]) =>
  list.length > 0 ? (
    <Box component="span" fontFamily="monospace">
      {list.join(', ')}
    </Box>
  ) : undefined;

/**
 * The selected pipeline node: what it is, what it reads and writes, and what is wrong with it.
 * Scrolled into view when it changes; `takeFocus` also moves the focus to it (the control that
 * selected it is gone, e.g. a problem's button on another tab).
 */
export const NodeDetails = (props: {
  node: PipelineNode;
  takeFocus?: boolean;
}) => {
  const { node, takeFocus } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const name = describeNode(t, node);
  const ref = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    // jsdom has no scrollIntoView.
    ref.current?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
    if (takeFocus) ref.current?.focus();
  }, [node.id, takeFocus]);
  return (
    <Box
      data-testid="holos-node-details"
      ref={ref}
      tabIndex={-1}
      aria-label={t('holos.nodeDetails.label', { name })}
      role="region"
      sx={{ outline: 'none' }}
    >
      <InfoCard title={name} subheader={node.id}>
        <Box display="flex" gap={1} mb={1} flexWrap="wrap">
          <Chip size="small" variant="outlined" label={node.kind} />
          <Chip size="small" variant="outlined" label={node.stage} />
          {node.markedSkip && (
            <Chip
              size="small"
              variant="outlined"
              label={t('holos.nodeDetails.skipChip')}
            />
          )}
          {node.problems.length > 0 && (
            <Chip
              size="small"
              color="error"
              label={t('holos.count.problems', {
                count: node.problems.length,
              })}
            />
          )}
        </Box>
        <Facts
          label={t('holos.nodeDetails.inputsAndOutputs')}
          items={[
            [t('holos.nodeDetails.reads'), paths(node.reads)],
            [t('holos.nodeDetails.writes'), paths(node.writes)],
          ]}
        />
        {node.unresolvedInputs.map(input => (
          <Typography
            key={input}
            variant="body2"
            color="error"
            data-testid="holos-unresolved-input"
          >
            {t('holos.nodeDetails.unresolvedInput', { input })}
          </Typography>
        ))}
        <TaskSpecDetails task={node.task} />
        <Typography variant="subtitle2" component="h4" sx={{ mt: 2, mb: 0.5 }}>
          {t('holos.nodeDetails.problemsHeading')}
        </Typography>
        <ProblemsList
          problems={node.problems}
          label={t('holos.nodeDetails.problemsLabel', { name })}
        />
      </InfoCard>
    </Box>
  );
};

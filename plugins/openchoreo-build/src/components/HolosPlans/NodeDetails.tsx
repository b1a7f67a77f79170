import { InfoCard } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { count, describeNode, type PipelineNode } from './pipelineModel';
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
      aria-label={`Details of ${describeNode(node)}`}
      role="region"
      sx={{ outline: 'none' }}
    >
      <InfoCard title={describeNode(node)} subheader={node.id}>
        <Box display="flex" gap={1} mb={1} flexWrap="wrap">
          <Chip size="small" variant="outlined" label={node.kind} />
          <Chip size="small" variant="outlined" label={node.stage} />
          {node.markedSkip && (
            <Chip
              size="small"
              variant="outlined"
              label="skip: true (ignored)"
            />
          )}
          {node.problems.length > 0 && (
            <Chip
              size="small"
              color="error"
              label={count(node.problems.length, 'problem')}
            />
          )}
        </Box>
        <Facts
          label="Inputs and outputs"
          items={[
            ['Reads', paths(node.reads)],
            ['Writes', paths(node.writes)],
          ]}
        />
        {node.unresolvedInputs.map(input => (
          <Typography
            key={input}
            variant="body2"
            color="error"
            data-testid="holos-unresolved-input"
          >
            Input {input}: no earlier task of this artifact writes it.
          </Typography>
        ))}
        <TaskSpecDetails task={node.task} />
        <Typography variant="subtitle2" component="h4" sx={{ mt: 2, mb: 0.5 }}>
          Problems of this node
        </Typography>
        <ProblemsList
          problems={node.problems}
          label={`Problems of ${describeNode(node)}`}
        />
      </InfoCard>
    </Box>
  );
};

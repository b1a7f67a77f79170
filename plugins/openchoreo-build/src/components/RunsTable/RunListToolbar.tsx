import Box from '@mui/material/Box';
import type { ReactNode } from 'react';
import type { RunEventStreamState } from '../../api';
import { LiveIndicator } from './LiveIndicator';

/** Above a run list: its filters (and actions) in a row, with the live indicator at the end. */
export const RunListToolbar = (props: {
  live: { state: RunEventStreamState; error?: Error };
  children: ReactNode;
}) => (
  <Box display="flex" alignItems="flex-start" gap={2} mb={2}>
    <Box flexGrow={1}>{props.children}</Box>
    <LiveIndicator state={props.live.state} error={props.live.error} />
  </Box>
);

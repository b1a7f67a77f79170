import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { RunEventStreamState } from '../../api';

const labels: Record<RunEventStreamState, string> = {
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  failed: 'Not live',
  closed: 'Not live',
};

/** Whether the view receives live updates from the backend's event stream. */
export const LiveIndicator = ({
  state,
  error,
}: {
  state: RunEventStreamState;
  error?: Error;
}) => (
  <Tooltip
    title={
      state === 'open'
        ? 'Updates appear without reloading'
        : error?.message ?? 'Updates appear once connected'
    }
  >
    <Chip
      size="small"
      variant="outlined"
      label={labels[state]}
      // Refused for good (e.g. signed out): the tooltip says why, the colour that it will not heal.
      color={state === 'failed' ? 'error' : 'default'}
      data-testid="live-indicator"
    />
  </Tooltip>
);

import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { RunEventStreamState } from '../../api';
import { openchoreoBuildTranslationRef } from '../../translation';

/** The label of each stream state (keys of `liveIndicator` in the translation ref). */
const labelKeys = {
  connecting: 'connecting',
  open: 'open',
  reconnecting: 'reconnecting',
  failed: 'notLive',
  closed: 'notLive',
} as const satisfies Record<RunEventStreamState, string>;

/** Whether the view receives live updates from the backend's event stream. */
export const LiveIndicator = ({
  state,
  error,
}: {
  state: RunEventStreamState;
  error?: Error;
}) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Tooltip
      title={
        state === 'open'
          ? t('liveIndicator.openHint')
          : error?.message ?? t('liveIndicator.waitingHint')
      }
    >
      <Chip
        size="small"
        variant="outlined"
        label={t(`liveIndicator.${labelKeys[state]}`)}
        // Refused for good (e.g. signed out): the tooltip says why, the colour that it will not heal.
        color={state === 'failed' ? 'error' : 'default'}
        data-testid="live-indicator"
      />
    </Tooltip>
  );
};

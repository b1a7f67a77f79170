import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { RunEventStreamState } from '../../api';
import { HttpStreamError, serverWordsOf } from '../../api/reconnectingSse';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';

/** The label of each stream state (keys of `liveIndicator` in the translation ref). */
const labelKeys = {
  connecting: 'connecting',
  open: 'open',
  reconnecting: 'reconnecting',
  failed: 'notLive',
  closed: 'notLive',
} as const satisfies Record<RunEventStreamState, string>;

/**
 * Why the view is not live: the backend's own words when it gave some, the HTTP status of a
 * refusal without them (e.g. a proxy's page), else that updates come once connected (a dropped
 * connection reconnects by itself; the browser's network error says nothing more).
 */
function problemText(t: OpenChoreoBuildTranslate, error: Error | undefined) {
  const words = serverWordsOf(error);
  if (words) return words;
  if (error instanceof HttpStreamError)
    return t('liveIndicator.httpStatus', { status: String(error.status) });
  return t('liveIndicator.waitingHint');
}

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
        state === 'open' ? t('liveIndicator.openHint') : problemText(t, error)
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

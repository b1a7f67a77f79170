import Tooltip from '@mui/material/Tooltip';
import { formatRelativeTime, formatTime } from './format';

/**
 * `3 minutes ago`, with the absolute local time in a tooltip; the machine-readable time is in
 * `dateTime`, and `describeChild` keeps the visible text as the accessible name.
 */
export const RelativeTime = ({
  iso,
  now,
}: {
  iso: string | undefined;
  now: number;
}) => {
  if (!iso) return <>—</>;
  return (
    <Tooltip title={formatTime(iso)} describeChild>
      <time dateTime={iso}>{formatRelativeTime(iso, now)}</time>
    </Tooltip>
  );
};

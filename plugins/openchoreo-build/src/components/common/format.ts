import {
  isTerminalRunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';

/**
 * `1h 2m`, `3m 4s`, `5s` (the units from the translation ref's `duration` texts); `—` when
 * unknown.
 */
export function formatDuration(
  seconds: number | undefined,
  t: OpenChoreoBuildTranslate,
): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0)
    return '—';
  const s = Math.round(seconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (hours > 0)
    return t('duration.hoursMinutes', {
      hours: String(hours),
      minutes: String(minutes),
    });
  if (minutes > 0)
    return t('duration.minutesSeconds', {
      minutes: String(minutes),
      seconds: String(rest),
    });
  return t('duration.seconds', { seconds: String(rest) });
}

/** Seconds between two ISO times, or from `start` to `now` while still running. */
export function durationBetween(
  start: string | undefined,
  end: string | undefined,
  now: number = Date.now(),
): number | undefined {
  const from = Date.parse(start ?? '');
  if (!Number.isFinite(from)) return undefined;
  const to = end ? Date.parse(end) : now;
  if (!Number.isFinite(to)) return undefined;
  return Math.max(0, (to - from) / 1000);
}

/** Duration of a run or step: the server's value, else computed from its times. */
export function durationOf(item: {
  durationSeconds?: number;
  startedAt?: string;
  createdAt?: string;
  completedAt?: string;
  finishedAt?: string;
}): number | undefined {
  return (
    item.durationSeconds ??
    durationBetween(
      item.startedAt ?? item.createdAt,
      item.completedAt ?? item.finishedAt,
    )
  );
}

/** A readable local date and time; `—` when unknown. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `a1b2c3d` from a full SHA. */
export function shortCommit(commit: string | undefined): string | undefined {
  return commit ? commit.slice(0, 7) : undefined;
}

/** A unit a relative time is told in, with its length in seconds. */
interface RelativeTimeUnit {
  unit: Intl.RelativeTimeFormatUnit;
  seconds: number;
}

/** Below a minute, times are told in seconds. */
const SECONDS_UNIT: RelativeTimeUnit = { unit: 'second', seconds: 1 };

/** The units above seconds, largest first: a time is told in the largest it fills once. */
const RELATIVE_TIME_UNITS: readonly RelativeTimeUnit[] = [
  { unit: 'year', seconds: 365 * 24 * 3600 },
  { unit: 'month', seconds: 30 * 24 * 3600 },
  { unit: 'week', seconds: 7 * 24 * 3600 },
  { unit: 'day', seconds: 24 * 3600 },
  { unit: 'hour', seconds: 3600 },
  { unit: 'minute', seconds: 60 },
];

/**
 * Times up to this far in the future read as "now": the browser's clock and the cluster's differ
 * a little, and "in 5 seconds" for a run that just started would only confuse.
 */
const CLOCK_SKEW_SECONDS = 60;

/**
 * `3 minutes ago`, `yesterday`, `now` (in the browser's language unless `locale` is given), for
 * lists that show the absolute time ({@link formatTime}) in a tooltip; `—` when unknown.
 */
export function formatRelativeTime(
  iso: string | undefined,
  now: number = Date.now(),
  locale?: string,
): string {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) return '—';
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const elapsed = (now - at) / 1000;
  if (elapsed < 0 && elapsed >= -CLOCK_SKEW_SECONDS)
    return formatter.format(0, 'second');
  const size = Math.abs(elapsed);
  const { unit, seconds } =
    RELATIVE_TIME_UNITS.find(u => size >= u.seconds) ?? SECONDS_UNIT;
  return formatter.format(-Math.round(elapsed / seconds), unit);
}

/**
 * A run's duration told at `now` (from `useNow`, so that it ticks): the server's value once it has
 * one, else from its start (or creation) to its end, or up to `now` while it is Pending or
 * Running; unknown for a finished run without an end time (it must not count on forever).
 */
export function runDurationAt(
  run: Pick<
    RunSummary,
    'status' | 'durationSeconds' | 'startedAt' | 'createdAt' | 'completedAt'
  >,
  now: number,
): number | undefined {
  if (run.durationSeconds !== undefined) return run.durationSeconds;
  if (isTerminalRunStatus(run.status) && !run.completedAt) return undefined;
  return durationBetween(run.startedAt ?? run.createdAt, run.completedAt, now);
}

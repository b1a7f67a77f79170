import type { WebhookComponentOutcome } from '@openchoreo-build/plugin-openchoreo-build-common';

/** What a delivery did for the component, as its chip says it. */
export const COMPONENT_OUTCOME_CHIPS: Record<
  WebhookComponentOutcome,
  { label: string; color: 'success' | 'default' | 'error' }
> = {
  created: { label: 'Build started', color: 'success' },
  duplicate: { label: 'Already built', color: 'default' },
  failed: { label: 'Build not started', color: 'error' },
};

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** `5 minutes ago`, `yesterday`, `just now` (under a minute); the input when it is no time. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const seconds = (at - now) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size)
      return format.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

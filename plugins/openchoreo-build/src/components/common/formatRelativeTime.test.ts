import { formatRelativeTime } from './format';

const NOW = Date.parse('2026-01-10T12:00:00Z');
/** The ISO time `seconds` before {@link NOW}. */
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [0, 'now'],
    [1, '1 second ago'],
    [45, '45 seconds ago'],
    [60, '1 minute ago'],
    [3 * 60 + 10, '3 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 24 * 3600, '3 days ago'],
    [14 * 24 * 3600, '2 weeks ago'],
    [60 * 24 * 3600, '2 months ago'],
    [800 * 24 * 3600, '2 years ago'],
  ])('tells %i seconds before now as "%s"', (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), NOW, 'en-US')).toBe(expected);
  });

  it('reads a time slightly ahead of the browser clock (cluster clock skew) as now', () => {
    expect(formatRelativeTime(ago(-30), NOW, 'en-US')).toBe('now');
  });

  it('tells a time well in the future as such', () => {
    expect(formatRelativeTime(ago(-2 * 3600), NOW, 'en-US')).toBe('in 2 hours');
  });

  it('speaks the given language', () => {
    expect(formatRelativeTime(ago(3 * 60), NOW, 'de')).toBe('vor 3 Minuten');
  });

  it('shows a dash for a missing or unreadable time', () => {
    expect(formatRelativeTime(undefined, NOW)).toBe('—');
    expect(formatRelativeTime('not a time', NOW)).toBe('—');
  });
});

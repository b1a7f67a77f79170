import { relativeTime } from './deliveryFormat';

describe('relativeTime', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it.each([
    ['2025-03-01T11:59:30Z', 'just now'],
    ['2025-03-01T11:55:00Z', '5 minutes ago'],
    ['2025-03-01T09:00:00Z', '3 hours ago'],
    ['2025-02-28T12:00:00Z', 'yesterday'],
    ['2025-02-15T12:00:00Z', '2 weeks ago'],
    ['2024-03-01T12:00:00Z', 'last year'],
  ])('%s is %s', (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });

  it('answers a value that is no time unchanged', () => {
    expect(relativeTime('soon', now)).toBe('soon');
  });
});

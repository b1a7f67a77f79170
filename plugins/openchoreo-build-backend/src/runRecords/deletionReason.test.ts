import {
  CLOCK_SKEW_MS,
  deletionReason,
  parseTtlAfterCompletion,
} from './deletionReason';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('parseTtlAfterCompletion', () => {
  it.each([
    ['90d', 90 * DAY],
    ['10d1h30m', 10 * DAY + HOUR + 30 * 60_000],
    ['1h30m', HOUR + 30 * 60_000],
    ['30m', 30 * 60_000],
    ['1d12h30m15s', DAY + 12 * HOUR + 30 * 60_000 + 15_000],
    ['1000s', 1000_000],
    // internal/cmdutil/duration.go@v1.2.3 also takes spaces between the parts.
    ['10d 1h 10m 100s', 10 * DAY + HOUR + 10 * 60_000 + 100_000],
  ])('reads %s as the controller does', (ttl, ms) => {
    expect(parseTtlAfterCompletion(ttl)).toBe(ms);
  });

  it.each(['', 'd', '1.5h', '1h1d', '-1h', '90 days'])(
    'gives up on %j (not in the CRD format)',
    ttl => {
      expect(parseTtlAfterCompletion(ttl)).toBeUndefined();
    },
  );
});

describe('deletionReason', () => {
  const completedAt = '2025-01-01T00:00:00Z';
  const completed = Date.parse(completedAt);

  it('calls an unfinished run that disappeared deleted, whatever its TTL', () => {
    expect(
      deletionReason({ status: 'Running' }, new Date(completed + DAY), '1h'),
    ).toBe('deleted');
    expect(deletionReason({ status: 'Pending' }, new Date(completed))).toBe(
      'deleted',
    );
  });

  it('calls a finished run that disappeared once its TTL ran out retention', () => {
    expect(
      deletionReason(
        { status: 'Succeeded', completedAt },
        new Date(completed + HOUR + 1),
        '1h',
      ),
    ).toBe('retention');
    // The backend's clock may run a little behind the controller's.
    expect(
      deletionReason(
        { status: 'Failed', completedAt },
        new Date(completed + HOUR - CLOCK_SKEW_MS / 2),
        '1h',
      ),
    ).toBe('retention');
  });

  it('calls a finished run deleted well before its TTL ran out deleted', () => {
    expect(
      deletionReason(
        { status: 'Succeeded', completedAt },
        new Date(completed + 10 * 60_000),
        '1h',
      ),
    ).toBe('deleted');
  });

  it('takes a finished run as retention when its TTL or completion time is unknown', () => {
    expect(
      deletionReason({ status: 'Succeeded', completedAt }, new Date(completed)),
    ).toBe('retention');
    expect(
      deletionReason({ status: 'Completed' }, new Date(completed), '1h'),
    ).toBe('retention');
  });
});

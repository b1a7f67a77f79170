import { failuresByExternalSecret } from './externalSecretFailures';

const event = (
  name: string,
  message: string,
  lastTimestamp: string,
  extra: object = {},
) => ({
  involvedObject: { kind: 'ExternalSecret', name },
  type: 'Warning',
  reason: 'UpdateFailed',
  message,
  lastTimestamp,
  ...extra,
});

describe('failuresByExternalSecret', () => {
  it("groups the operator's UpdateFailed events by ExternalSecret, newest first", () => {
    const failures = failuresByExternalSecret([
      event('a', 'old', '2026-01-10T10:00:00Z'),
      event('b', 'other', '2026-01-10T10:00:05Z'),
      event('a', 'new', '2026-01-10T10:01:00Z'),
    ]);
    expect([...failures]).toEqual([
      ['a', ['new', 'old']],
      ['b', ['other']],
    ]);
  });

  it('ignores events about other objects or with other reasons', () => {
    const failures = failuresByExternalSecret([
      event('a', 'synced', 't', { reason: 'Updated' }),
      event('p', 'FailedMount', 't', {
        involvedObject: { kind: 'Pod', name: 'p' },
      }),
      event('a', 'no message', 't', { message: undefined }),
    ]);
    expect(failures.size).toBe(0);
  });
});

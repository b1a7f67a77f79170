import { MAX_QUOTE_CHARS, quote, redactCredentials } from './quote';

describe('quote', () => {
  it('removes terminal colours and control characters and folds whitespace', () => {
    expect(quote('\u001b[31mError:\u001b[0m  no\tDockerfile\u0007')).toBe(
      'Error: no Dockerfile',
    );
  });

  it('bounds the length', () => {
    const long = 'word '.repeat(1000);
    const quoted = quote(long);
    expect(quoted.length).toBe(MAX_QUOTE_CHARS);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quote('x'.repeat(5000))).toBe('(too long to quote)');
  });

  it.each([
    [
      "fatal: unable to access 'https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r/'",
      "fatal: unable to access 'https://[redacted]@github.com/o/r/'",
    ],
    [
      'Authorization: Bearer eyJhbGciOi.abc',
      'Authorization: Bearer [redacted]',
    ],
    ['GIT_TOKEN=supersecretvalue ./push.sh', 'GIT_TOKEN=[redacted] ./push.sh'],
    ['password: "hunter22"', 'password: "[redacted]"'],
    ['using ghp_0123456789abcdefABCDEF0123 now', 'using [redacted] now'],
    ['token glpat-0123456789abcdefghij', 'token [redacted]'],
  ])('redacts %s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it.each([
    'MountVolume.SetUp failed for volume "registry-push-secret" : secret "registry-push-secret" not found',
    'fatal: could not read git credentials from /mnt/secrets: secret "git-clone-secret" not found',
    "fatal: repository 'https://github.com/openchoreo/sample/' not found",
  ])('keeps what is no credential: %s', text => {
    expect(redactCredentials(text)).toBe(text);
  });
});

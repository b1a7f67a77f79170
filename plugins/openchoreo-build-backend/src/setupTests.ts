// Integration tests start a sandbox (and a test backend) in beforeAll, which takes seconds on a
// busy 2-core CI machine; this is a ceiling for awaited events, not a delay.
jest.setTimeout(60_000);

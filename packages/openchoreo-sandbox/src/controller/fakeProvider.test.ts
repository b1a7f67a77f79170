import { FakeProvider, fakeStoreProblem, NoSecretError } from './fakeProvider';
import { parseGoDuration } from './goDuration';

/** The fake provider's lookups, as `pkg/provider/fake/fake.go@v0.19.2` answers them. */
describe('FakeProvider', () => {
  const provider = new FakeProvider([
    { key: 'plain', value: 'plain-value' },
    {
      key: 'registry-credentials',
      value: JSON.stringify({
        dockerconfigjson: '{"auths":{}}',
        nested: { user: 'dev', port: 5000, 'dotted.name': 'x' },
        list: ['a', 'b'],
      }),
    },
    { key: 'rotated', value: 'first', version: 'v1' },
    { key: 'rotated', value: 'second', version: 'v2' },
    { key: 'app-a', value: 'A' },
    { key: 'app-b', value: 'B' },
  ]);

  it('returns the value of a key, or NoSecretError ("Secret does not exist")', () => {
    expect(provider.getSecret({ key: 'plain' })).toBe('plain-value');
    expect(() => provider.getSecret({ key: 'absent' })).toThrow(NoSecretError);
    expect(() => provider.getSecret({ key: 'absent' })).toThrow(
      'Secret does not exist',
    );
  });

  it('reads a JSON property of the value (gjson paths: dots, escaped dots, indices)', () => {
    const ref = (property: string) => ({
      key: 'registry-credentials',
      property,
    });
    expect(provider.getSecret(ref('dockerconfigjson'))).toBe('{"auths":{}}');
    expect(provider.getSecret(ref('nested.user'))).toBe('dev');
    expect(provider.getSecret(ref('nested.port'))).toBe('5000');
    expect(provider.getSecret(ref('nested.dotted\\.name'))).toBe('x');
    expect(provider.getSecret(ref('list.1'))).toBe('b');
    expect(provider.getSecret(ref('nested'))).toBe(
      '{"user":"dev","port":5000,"dotted.name":"x"}',
    );
    expect(() => provider.getSecret(ref('nested.none'))).toThrow(NoSecretError);
    // A value that is not JSON has no properties.
    expect(() =>
      provider.getSecret({ key: 'plain', property: 'token' }),
    ).toThrow(NoSecretError);
  });

  it('matches key and version exactly: an unversioned lookup does not find versioned entries', () => {
    expect(provider.getSecret({ key: 'rotated', version: 'v1' })).toBe('first');
    expect(provider.getSecret({ key: 'rotated', version: 'v2' })).toBe(
      'second',
    );
    expect(() => provider.getSecret({ key: 'rotated' })).toThrow(NoSecretError);
  });

  it('extracts the fields of a JSON object value (dataFrom extract), other JSON as text', () => {
    expect(provider.getSecretMap({ key: 'registry-credentials' })).toEqual({
      dockerconfigjson: '{"auths":{}}',
      nested: '{"user":"dev","port":5000,"dotted.name":"x"}',
      list: '["a","b"]',
    });
    expect(() => provider.getSecretMap({ key: 'plain' })).toThrow(
      /^unable to unmarshal secret: /,
    );
  });

  it('finds keys by name.regexp at their latest version (dataFrom find)', () => {
    expect(provider.getAllSecrets({ name: { regexp: '^app-' } })).toEqual({
      'app-a': 'A',
      'app-b': 'B',
    });
    expect(provider.getAllSecrets({ name: { regexp: '^rotated$' } })).toEqual({
      rotated: 'second',
    });
    expect(() => provider.getAllSecrets({ tags: { team: 'x' } })).toThrow(
      /^unsupported find operator/,
    );
  });

  it('reports the webhook messages for empty keys or values only', () => {
    expect(fakeStoreProblem([{ key: 'a', value: 'b' }])).toBeUndefined();
    expect(
      fakeStoreProblem([
        { key: 'a', value: 'b' },
        { key: '', value: 'c' },
      ]),
    ).toBe('key must be set in data 1');
    expect(fakeStoreProblem([{ key: 'a', value: '' }])).toBe(
      'at least one value must be set in data 0',
    );
    // Missing fields are the CRD schema's to refuse.
    expect(fakeStoreProblem([{ key: 'a' }])).toBeUndefined();
  });
});

describe('parseGoDuration', () => {
  it('reads Go durations in milliseconds and refuses what time.ParseDuration refuses', () => {
    expect(parseGoDuration('15s')).toBe(15_000);
    expect(parseGoDuration('1h')).toBe(3_600_000);
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('0s')).toBe(0);
    expect(parseGoDuration('-1m')).toBe(-60_000);
    for (const bad of ['', '15', '1d', 'h', '1h 30m', 'soon'])
      expect(parseGoDuration(bad)).toBeUndefined();
  });
});

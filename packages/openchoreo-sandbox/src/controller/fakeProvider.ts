import { isRecord } from '../apiserver/types';

/**
 * The External Secrets Operator's fake provider, as OpenChoreo v0.9.0's build plane installs it
 * (ESO v0.19.2, the chart's `external-secrets` dependency): `pkg/provider/fake/fake.go@v0.19.2`.
 * Entries are `{key, value, version?}`; a lookup names a key and optionally a version and a
 * `property` (a JSON field of the value); what is not there is `NoSecretError`.
 */

/** One entry of `spec.provider.fake.data` (`secretstore_fake_types.go@v0.19.2`). */
export interface FakeProviderData {
  key: string;
  value: string;
  version?: string;
}

/** `remoteRef` of an ExternalSecret's `data[]`, or `dataFrom[].extract`. */
export interface RemoteRef {
  key: string;
  version?: string;
  property?: string;
}

/** `dataFrom[].find`: the fake provider supports `name.regexp` only. */
export interface FindRef {
  name?: { regexp?: string };
  [other: string]: unknown;
}

/** `esv1.NoSecretErr` (`apis/externalsecrets/v1/provider.go@v0.19.2`). */
export class NoSecretError extends Error {
  constructor() {
    super('Secret does not exist');
  }
}

/**
 * gjson's `Get(value, property)` for the paths ExternalSecrets use: dot-separated fields (`\.`
 * escapes a dot) and array indices. Strings come back as they are, other JSON as JSON text.
 */
function jsonProperty(value: string, property: string): string | undefined {
  let current: unknown;
  try {
    current = JSON.parse(value);
  } catch {
    return undefined;
  }
  const parts = property
    .split(/(?<!\\)\./)
    .map(part => part.replace(/\\\./g, '.'));
  for (const part of parts) {
    if (Array.isArray(current) && /^\d+$/.test(part)) {
      current = current[Number(part)];
    } else if (isRecord(current) && Object.hasOwn(current, part)) {
      current = current[part];
    } else {
      return undefined;
    }
  }
  if (current === undefined) return undefined;
  if (typeof current === 'string') return current;
  if (current === null) return '';
  return JSON.stringify(current);
}

export class FakeProvider {
  /** By `key + version`, as `mapKey` builds it; a later entry with the same pair wins. */
  private readonly entries = new Map<string, FakeProviderData>();

  constructor(data: FakeProviderData[]) {
    for (const entry of data)
      this.entries.set(`${entry.key}${entry.version ?? ''}`, entry);
  }

  /** `GetSecret`: the value (or its JSON `property`) of exactly this key and version. */
  getSecret(ref: RemoteRef): string {
    const version = ref.version ?? '';
    const entry = this.entries.get(`${ref.key}${version}`);
    if (!entry || (entry.version ?? '') !== version) throw new NoSecretError();
    if (!ref.property) return entry.value;
    const value = jsonProperty(entry.value, ref.property);
    if (value === undefined) throw new NoSecretError();
    return value;
  }

  /** `GetSecretMap` (`dataFrom[].extract`): the fields of a JSON object value. */
  getSecretMap(ref: RemoteRef): Record<string, string> {
    const value = this.getSecret(ref);
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new Error(
        `unable to unmarshal secret: ${(error as Error).message}`,
      );
    }
    if (!isRecord(parsed))
      throw new Error(
        'unable to unmarshal secret: the value is not a JSON object',
      );
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
  }

  /** `GetAllSecrets` (`dataFrom[].find`): keys matching `name.regexp`, each at its latest version. */
  getAllSecrets(find: FindRef): Record<string, string> {
    const regexp = find.name?.regexp;
    if (regexp === undefined)
      throw new Error(
        'unsupported find operator: the fake provider finds by name.regexp only',
      );
    const matcher = new RegExp(regexp);
    const latest = new Map<string, FakeProviderData>();
    for (const entry of this.entries.values()) {
      if (!matcher.test(entry.key)) continue;
      const seen = latest.get(entry.key);
      if (!seen || (seen.version ?? '') < (entry.version ?? ''))
        latest.set(entry.key, entry);
    }
    return Object.fromEntries(
      [...latest].map(([key, entry]) => [key, entry.value]),
    );
  }
}

/**
 * The ESO webhook's check of a fake store (`ValidateStore`, `fake.go@v0.19.2`): the message of
 * the first entry with an empty key or value, else undefined. Missing fields are the CRD
 * schema's to refuse (it runs before admission webhooks).
 */
export function fakeStoreProblem(data: unknown): string | undefined {
  if (!Array.isArray(data)) return undefined;
  for (const [pos, entry] of data.entries()) {
    if (!isRecord(entry)) continue;
    if (entry.key === '') return `key must be set in data ${pos}`;
    if (entry.value === '')
      return `at least one value must be set in data ${pos}`;
  }
  return undefined;
}

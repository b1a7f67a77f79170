import { ApiError, errors, StatusCause } from './errors';
import { isRecord, KObject } from './types';

/** `IsConfigMapKey` (`k8s.io/apimachinery/pkg/util/validation/validation.go`): what a Secret key may be. */
const CONFIG_KEY_RE = /^[-._a-zA-Z0-9]+$/;
const BASE64_CHAR_RE = /[A-Za-z0-9+/]/;

/**
 * Where standard (padded) base64 decoding fails, as Go's `encoding/base64` reports it for a
 * `[]byte` field (`illegal base64 data at input byte N`), or `undefined` when `text` decodes.
 */
function base64ErrorAt(text: string): number | undefined {
  const padding = /=*$/.exec(text)![0].length;
  const body = text.slice(0, text.length - padding);
  for (let i = 0; i < body.length; i++)
    if (!BASE64_CHAR_RE.test(body[i])) return i;
  if (padding > 2 || text.length % 4 !== 0)
    return Math.max(0, text.length - (text.length % 4 || 4));
  return undefined;
}

function undecodable(detail: string): ApiError {
  return errors.badRequest(
    `Secret in version "v1" cannot be handled as a Secret: ${detail}`,
  );
}

/**
 * What the API server does to every Secret it is given: the `type` default, then `stringData`.
 * `SetDefaults_Secret` (`pkg/apis/core/v1/defaults.go`): an empty `type` becomes `Opaque`, which is
 * why `kubectl create secret generic` (which sends none) reads back as Opaque.
 */
export function admitSecret(secret: KObject): void {
  if (secret.type === undefined || secret.type === null || secret.type === '')
    secret.type = 'Opaque';
  foldSecretStringData(secret);
}

/**
 * A Secret as the API server stores it: `stringData` (write-only) is folded into `data` as
 * base64 and dropped, its keys winning over `data`'s (`Convert_v1_Secret_To_core_Secret`,
 * `pkg/apis/core/v1/conversion.go`; API reference: "stringData ... is merged into the data
 * field on write, overwriting any existing values. The stringData field is never output when
 * reading from the API"). Runs on create, update and every patch type, since all of them end
 * in the same decode of the new object. Values that are not base64 / not strings are refused.
 */
export function foldSecretStringData(secret: KObject): void {
  const { data, stringData } = secret;
  if (data !== undefined && data !== null && !isRecord(data))
    throw undecodable('data: expected an object of base64 strings');
  for (const [key, value] of Object.entries(isRecord(data) ? data : {})) {
    if (typeof value !== 'string')
      throw undecodable(`data[${key}]: expected a base64 string`);
    const at = base64ErrorAt(value);
    if (at !== undefined)
      throw undecodable(`illegal base64 data at input byte ${at}`);
  }
  if (stringData !== undefined && stringData !== null && !isRecord(stringData))
    throw undecodable('stringData: expected an object of strings');
  const merged: Record<string, unknown> = { ...(isRecord(data) ? data : {}) };
  for (const [key, value] of Object.entries(
    isRecord(stringData) ? stringData : {},
  )) {
    if (typeof value !== 'string')
      throw undecodable(`stringData[${key}]: expected a string`);
    merged[key] = Buffer.from(value, 'utf8').toString('base64');
  }
  delete secret.stringData;
  if (Object.keys(merged).length) secret.data = merged;
  else delete secret.data;
  const causes: StatusCause[] = Object.keys(merged)
    .filter(key => !CONFIG_KEY_RE.test(key))
    .map(key => ({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      field: `data[${key}]`,
    }));
  if (causes.length)
    throw errors.invalid('Secret', '', secret.metadata.name ?? '', causes);
}

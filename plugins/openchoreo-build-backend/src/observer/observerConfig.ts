import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ObserverAuthConfig } from './observerAuth';

/** `openchoreo.build.observer` (see config.d.ts and docs/configuration.md). */
export interface ObserverConfig {
  /**
   * The observer used when a BuildPlane names none (no inline `spec.observer`, no
   * ObservabilityPlane with an `observerURL`).
   */
  url?: string;
  /** How every observer is called except the inline v0.3–v0.7 ones, which carry their own basic auth. */
  auth: ObserverAuthConfig;
}

const KEY = 'openchoreo.build.observer';
const AUTH_TYPES: readonly ObserverAuthConfig['type'][] = [
  'jwt',
  'bearer',
  'basic',
  'none',
];
const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

function httpUrl(value: string, key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InputError(
      `${key}: "${value.slice(
        0,
        200,
      )}" is not a URL; give e.g. https://observer.example.com`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(
      `${key}: must be an http(s) URL, got ${parsed.protocol}`,
    );
  }
  return value.replace(/\/+$/, '');
}

function required(auth: Config, field: string, type: string): string {
  const value = auth.getOptionalString(field);
  if (!value) {
    throw new InputError(
      `${KEY}.auth.${field} is required when ${KEY}.auth.type is ${type}`,
    );
  }
  return value;
}

function readAuth(auth: Config): ObserverAuthConfig {
  const type = auth.getOptionalString('type');
  const known = AUTH_TYPES.find(candidate => candidate === type);
  if (!known) {
    throw new InputError(
      `${KEY}.auth.type: ${
        type === undefined ? 'missing' : `"${type}" is not`
      } one of ${AUTH_TYPES.join(', ')}`,
    );
  }
  switch (known) {
    case 'jwt': {
      const method = auth.getOptionalString('clientAuthMethod');
      if (method !== undefined && !CLIENT_AUTH_METHODS.includes(method)) {
        throw new InputError(
          `${KEY}.auth.clientAuthMethod: "${method}" is not one of ${CLIENT_AUTH_METHODS.join(
            ', ',
          )}`,
        );
      }
      return {
        type: 'jwt',
        tokenUrl: httpUrl(
          required(auth, 'tokenUrl', 'jwt'),
          `${KEY}.auth.tokenUrl`,
        ),
        clientId: required(auth, 'clientId', 'jwt'),
        clientSecret: required(auth, 'clientSecret', 'jwt'),
        audience: auth.getOptionalString('audience'),
        scope: auth.getOptionalString('scope'),
        clientAuthMethod:
          method === 'client_secret_post'
            ? 'client_secret_post'
            : 'client_secret_basic',
      };
    }
    case 'bearer':
      return { type: 'bearer', token: required(auth, 'token', 'bearer') };
    case 'basic':
      return {
        type: 'basic',
        username: required(auth, 'username', 'basic'),
        password: auth.getOptionalString('password') ?? '',
      };
    default:
      return { type: 'none' };
  }
}

/**
 * Reads `openchoreo.build.observer`. `auth` is the current form; the older flat `token` (→ bearer)
 * and `username`/`password` (→ basic) still work, but not together with `auth`.
 */
export function readObserverConfig(
  observer: Config | undefined,
): ObserverConfig | undefined {
  if (!observer) return undefined;
  const rawUrl = observer.getOptionalString('url');
  const url = rawUrl ? httpUrl(rawUrl, `${KEY}.url`) : undefined;
  const token = observer.getOptionalString('token');
  const username = observer.getOptionalString('username');
  const password = observer.getOptionalString('password');
  const auth = observer.getOptionalConfig('auth');
  const legacy = [
    token !== undefined && 'token',
    username !== undefined && 'username',
    password !== undefined && 'password',
  ].filter((key): key is string => Boolean(key));
  if (auth) {
    if (legacy.length > 0) {
      throw new InputError(
        `${KEY}: give either auth or the older ${legacy.join(
          '/',
        )}, not both (move them into auth: {type: ${
          token !== undefined ? 'bearer' : 'basic'
        }, …})`,
      );
    }
    return { url, auth: readAuth(auth) };
  }
  if (token !== undefined && username !== undefined) {
    throw new InputError(
      `${KEY}: give either token or username/password, not both`,
    );
  }
  if (token !== undefined) return { url, auth: { type: 'bearer', token } };
  if (username !== undefined)
    return {
      url,
      auth: { type: 'basic', username, password: password ?? '' },
    };
  if (password !== undefined) {
    throw new InputError(`${KEY}.password is set without ${KEY}.username`);
  }
  return { url, auth: { type: 'none' } };
}

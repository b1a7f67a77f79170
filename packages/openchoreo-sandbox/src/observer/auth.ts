import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

/**
 * How the observer authenticates `/api/logs/*`:
 * - `jwt` (upstream's default, Helm `security.enabled: true`): a bearer token whose signature,
 *   `exp`/`nbf`, `iss` and `aud` are checked against the identity provider's JWKS
 *   (`cmd/observer/main.go@v0.9.0`, `initJWTMiddleware`; `internal/server/middleware/auth/jwt/`);
 * - `none`: upstream's `JWT_DISABLED=true`, every request passes;
 * - `basic`: sandbox only. No released observer checks basic auth (the v0.3–v0.7 BuildPlane
 *   `observer.authentication.basicAuth` fields never were); kept for clients of that shape.
 */
export type ObserverAuthConfig =
  | { type: 'jwt'; jwksUrl: string; issuer: string; audience: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'none' };

/** A refusal: status and body, as the middleware writes them. */
export interface AuthRefusal {
  status: number;
  body: { error: string; message: string };
  headers?: Record<string, string>;
}

export type Authenticator = (
  req: IncomingMessage,
) => Promise<AuthRefusal | undefined>;

/**
 * The JWT middleware's answers (`internal/server/middleware/auth/jwt/errors.go@v0.9.0`, written by
 * `helpers.go` `writeErrorResponse`: `{"error": code, "message": text}`, no `WWW-Authenticate`).
 */
const MISSING_TOKEN: AuthRefusal = {
  status: 401,
  body: {
    error: 'MISSING_TOKEN',
    message: 'missing or invalid authentication token',
  },
};
const INVALID_TOKEN: AuthRefusal = {
  status: 401,
  body: { error: 'INVALID_TOKEN', message: 'invalid or expired token' },
};
const INVALID_CLAIMS: AuthRefusal = {
  status: 401,
  body: { error: 'INVALID_CLAIMS', message: 'token claims validation failed' },
};

/** `extractFromHeader("Authorization")`: a case-insensitive `Bearer ` prefix; the rest is the token. */
function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header || !header.toLowerCase().startsWith('bearer ')) return undefined;
  return header.slice('bearer '.length);
}

/** `validateClaims`: `iss` must equal the issuer; `aud` (a string or a list) must hold the audience. */
function claimsValid(
  payload: { iss?: unknown; aud?: unknown },
  issuer: string,
  audience: string,
): boolean {
  if (issuer && payload.iss !== issuer) return false;
  if (!audience) return true;
  const aud = payload.aud;
  return Array.isArray(aud) ? aud.includes(audience) : aud === audience;
}

function jwtAuthenticator(
  config: Extract<ObserverAuthConfig, { type: 'jwt' }>,
): Authenticator {
  const keys = createRemoteJWKSet(new URL(config.jwksUrl));
  return async req => {
    const token = bearerToken(req);
    if (token === undefined) return MISSING_TOKEN;
    let payload: { iss?: unknown; aud?: unknown };
    try {
      // Upstream looks the key up by `kid` and refuses a token without one.
      if (typeof decodeProtectedHeader(token).kid !== 'string')
        return INVALID_TOKEN;
      // `jwt.Parse`: signature, `exp` and `nbf` (no clock skew); the claims come after.
      ({ payload } = await jwtVerify(token, keys, { clockTolerance: 0 }));
    } catch {
      return INVALID_TOKEN;
    }
    return claimsValid(payload, config.issuer, config.audience)
      ? undefined
      : INVALID_CLAIMS;
  };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicAuthenticator(
  config: Extract<ObserverAuthConfig, { type: 'basic' }>,
): Authenticator {
  const refusal: AuthRefusal = {
    status: 401,
    body: {
      error: 'UNAUTHORIZED',
      message:
        'valid basic auth credentials are required (endpoints.observer.auth of the sandbox)',
    },
    headers: { 'WWW-Authenticate': 'Basic realm="observer"' },
  };
  return async req => {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return refusal;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    return sameText(user, config.username) &&
      sameText(password, config.password)
      ? undefined
      : refusal;
  };
}

export function authenticator(config: ObserverAuthConfig): Authenticator {
  switch (config.type) {
    case 'jwt':
      return jwtAuthenticator(config);
    case 'basic':
      return basicAuthenticator(config);
    case 'none':
      return async () => undefined;
    default:
      throw new Error(
        `unknown observer auth type ${String(
          (config as { type?: unknown }).type,
        )}: use jwt, basic or none`,
      );
  }
}

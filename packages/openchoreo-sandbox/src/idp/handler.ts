import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../util/readBody';
import type { TokenIssuer } from './issuer';

/**
 * The issuer's HTTP side, on its own listener:
 * - `POST /oauth2/token`: the client-credentials grant (RFC 6749 §4.4), client authenticated with
 *   HTTP Basic (`client_secret_basic`) or form fields (`client_secret_post`); errors as RFC 6749 §5.2;
 * - `GET /oauth2/jwks`: the signing keys;
 * - `GET /.well-known/openid-configuration` and `/.well-known/oauth-authorization-server`: metadata
 *   (RFC 8414) for clients that discover the endpoints.
 */

const MAX_FORM_BYTES = 16 * 1024;

type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type';

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function oauthError(
  res: ServerResponse,
  status: number,
  error: OAuthErrorCode,
  description: string,
): void {
  send(
    res,
    status,
    { error, error_description: description },
    {
      'Cache-Control': 'no-store',
      ...(error === 'invalid_client'
        ? { 'WWW-Authenticate': 'Basic realm="openchoreo-sandbox"' }
        : {}),
    },
  );
}

/** `client_secret_basic`: both parts are form-urlencoded before base64 (RFC 6749 §2.3.1). */
function basicCredentials(
  header: string | undefined,
): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const part = (text: string) => {
    try {
      return decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return text;
    }
  };
  return {
    id: part(decoded.slice(0, colon)),
    secret: part(decoded.slice(colon + 1)),
  };
}

async function token(
  issuer: TokenIssuer,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    oauthError(
      res,
      400,
      'invalid_request',
      'send the token request as application/x-www-form-urlencoded (grant_type=client_credentials)',
    );
    return;
  }
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(
      (await readBody(req, MAX_FORM_BYTES)).toString('utf8'),
    );
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    oauthError(res, 400, 'invalid_request', error.message);
    return;
  }
  const grant = form.get('grant_type');
  if (!grant) {
    oauthError(res, 400, 'invalid_request', 'grant_type is required');
    return;
  }
  if (grant !== 'client_credentials') {
    oauthError(
      res,
      400,
      'unsupported_grant_type',
      `grant_type ${grant} is not supported; use client_credentials`,
    );
    return;
  }
  const basic = basicCredentials(req.headers.authorization);
  const client = basic ?? {
    id: form.get('client_id') ?? '',
    secret: form.get('client_secret') ?? '',
  };
  if (!issuer.authenticates(client.id, client.secret)) {
    oauthError(
      res,
      401,
      'invalid_client',
      'unknown client or wrong secret (see endpoints.observer.auth of the sandbox)',
    );
    return;
  }
  const scope = form.get('scope') ?? undefined;
  const accessToken = await issuer.issueToken({
    clientId: client.id,
    audience: issuer.audience,
    scope,
  });
  send(
    res,
    200,
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: issuer.tokenLifetimeSeconds,
      ...(scope ? { scope } : {}),
    },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

function metadata(issuer: TokenIssuer) {
  return {
    issuer: issuer.urls.issuer,
    token_endpoint: issuer.urls.tokenUrl,
    jwks_uri: issuer.urls.jwksUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: [
      'client_secret_basic',
      'client_secret_post',
    ],
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}

export function issuerHandler(
  issuer: TokenIssuer,
): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Record<string, { method: string; serve: () => unknown }> = {
    '/oauth2/jwks': { method: 'GET', serve: () => issuer.jwks() },
    '/.well-known/openid-configuration': {
      method: 'GET',
      serve: () => metadata(issuer),
    },
    '/.well-known/oauth-authorization-server': {
      method: 'GET',
      serve: () => metadata(issuer),
    },
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://issuer').pathname;
    if (path === '/oauth2/token') {
      if (req.method !== 'POST') {
        send(res, 405, { error: 'method_not_allowed' }, { Allow: 'POST' });
        return;
      }
      token(issuer, req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'server_error' });
      });
      return;
    }
    const route = routes[path];
    if (!route) {
      send(res, 404, { error: 'not_found', error_description: path });
      return;
    }
    if (req.method !== route.method && req.method !== 'HEAD') {
      send(res, 405, { error: 'method_not_allowed' }, { Allow: route.method });
      return;
    }
    send(res, 200, route.serve());
  };
}

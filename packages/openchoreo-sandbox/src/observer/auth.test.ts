import { generateKeyPair, SignJWT } from 'jose';
import { rawRequest } from '../__testUtils__/harness';
import type { TokenIssuer } from '../idp/issuer';
import { LogStore } from '../logs/logstore';
import {
  postBuildLogs,
  startIssuer,
  startObserver,
} from './__testUtils__/servers';

/**
 * The observer's authentication. JWT (upstream's default): `cmd/observer/main.go@v0.9.0`
 * (`initJWTMiddleware`: JWKS URL, issuer and audience from the environment; `GET /health` public),
 * `internal/server/middleware/auth/jwt/middleware.go@v0.9.0` and `errors.go@v0.9.0` (401
 * `MISSING_TOKEN` / `INVALID_TOKEN` / `INVALID_CLAIMS`, body `{"error", "message"}`).
 */

const WINDOW = {
  startTime: '2024-05-01T09:00:00Z',
  endTime: '2024-05-01T11:00:00Z',
};
const MISSING_TOKEN = {
  error: 'MISSING_TOKEN',
  message: 'missing or invalid authentication token',
};
const INVALID_TOKEN = {
  error: 'INVALID_TOKEN',
  message: 'invalid or expired token',
};
const INVALID_CLAIMS = {
  error: 'INVALID_CLAIMS',
  message: 'token claims validation failed',
};

/** The client-credentials grant at the issuer's token endpoint (client_secret_post). */
async function clientCredentialsToken(
  issuer: TokenIssuer,
  secret = issuer.clientSecret,
) {
  const res = await rawRequest(issuer.urls.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: issuer.clientId,
      client_secret: secret,
    }).toString(),
  });
  return { status: res.status, body: JSON.parse(res.body) };
}

describe('observer auth: jwt', () => {
  let idp: Awaited<ReturnType<typeof startIssuer>>;
  let observer: Awaited<ReturnType<typeof startObserver>>;

  beforeAll(async () => {
    idp = await startIssuer();
    observer = await startObserver(new LogStore(), {
      type: 'jwt',
      jwksUrl: idp.issuer.urls.jwksUrl,
      issuer: idp.issuer.urls.issuer,
      audience: idp.issuer.audience,
    });
  });
  afterAll(async () => {
    await observer.close();
    await idp.close();
  });

  const ask = (authorization?: string) =>
    postBuildLogs(observer.url, 'run-1', WINDOW, {
      'Content-Type': 'application/json',
      ...(authorization ? { Authorization: authorization } : {}),
    });

  it('accepts a token from the client-credentials grant', async () => {
    const token = await clientCredentialsToken(idp.issuer);
    expect(token.status).toBe(200);
    expect(token.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
    });
    const res = await ask(`Bearer ${token.body.access_token}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ logs: [], totalCount: 0 });
    // The scheme is matched case-insensitively (extractFromHeader).
    expect((await ask(`bearer ${token.body.access_token}`)).status).toBe(200);
  });

  it('answers 401 MISSING_TOKEN without a bearer token (also for basic credentials)', async () => {
    for (const header of [undefined, 'Basic b2JzZXJ2ZXI6eA==']) {
      const res = await ask(header);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual(MISSING_TOKEN);
      // Only the MCP route adds WWW-Authenticate upstream.
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });

  it('answers 401 INVALID_TOKEN for garbage, an expired token and a foreign signature', async () => {
    expect(JSON.parse((await ask('Bearer not-a-jwt')).body)).toEqual(
      INVALID_TOKEN,
    );
    const expired = await idp.issuer.issueToken({
      clientId: idp.issuer.clientId,
      audience: idp.issuer.audience,
      issuedAt: Math.floor(Date.now() / 1000) - 7200,
      lifetimeSeconds: 3600,
    });
    const expiredRes = await ask(`Bearer ${expired}`);
    expect(expiredRes.status).toBe(401);
    expect(JSON.parse(expiredRes.body)).toEqual(INVALID_TOKEN);
    // Same kid and claims, signed with a key the JWKS does not hold.
    const valid = await idp.issuer.issueToken({
      clientId: idp.issuer.clientId,
      audience: idp.issuer.audience,
    });
    const [header, payload] = valid.split('.');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    )
      .setProtectedHeader(
        JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
      )
      .sign(privateKey);
    expect(JSON.parse((await ask(`Bearer ${forged}`)).body)).toEqual(
      INVALID_TOKEN,
    );
  });

  it('answers 401 INVALID_CLAIMS for a valid token meant for another audience', async () => {
    const other = await idp.issuer.issueToken({
      clientId: idp.issuer.clientId,
      audience: 'openchoreo-api',
    });
    const res = await ask(`Bearer ${other}`);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual(INVALID_CLAIMS);
    // `aud` may be a list holding the audience.
    const both = await idp.issuer.issueToken({
      clientId: idp.issuer.clientId,
      audience: ['openchoreo-api', idp.issuer.audience],
    });
    expect((await ask(`Bearer ${both}`)).status).toBe(200);
  });

  it('serves the v0.7-era observer under /v0.7 without authentication (cmd/observer/main.go@v0.7.0)', async () => {
    const legacy = await postBuildLogs(
      `${observer.url}/v0.7`,
      'run-1',
      WINDOW,
      {
        'Content-Type': 'application/json',
        // What a v0.3–v0.7 BuildPlane's inline basicAuth sends: ignored, as by the real one.
        Authorization: `Basic ${Buffer.from('any:thing').toString('base64')}`,
      },
    );
    expect(legacy.status).toBe(200);
    expect((await ask()).status).toBe(401);
  });

  it('serves /health without a token', async () => {
    const res = await rawRequest(`${observer.url}/health`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).status).toBe('healthy');
  });

  it('refuses wrong client credentials and other grants at the token endpoint (RFC 6749 §5.2)', async () => {
    const wrong = await clientCredentialsToken(idp.issuer, 'wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const password = await rawRequest(idp.issuer.urls.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=a&password=b',
    });
    expect(password.status).toBe(400);
    expect(JSON.parse(password.body).error).toBe('unsupported_grant_type');
    // client_secret_basic works as well as client_secret_post.
    const basic = await rawRequest(idp.issuer.urls.tokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(
          `${idp.issuer.clientId}:${idp.issuer.clientSecret}`,
        ).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
    const jwks = JSON.parse((await rawRequest(idp.issuer.urls.jwksUrl)).body);
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig' }),
    ]);
    expect(jwks.keys[0].d).toBeUndefined();
  });
});

describe('observer auth: basic (sandbox only) and none (JWT_DISABLED)', () => {
  it('checks basic credentials in basic mode', async () => {
    const observer = await startObserver(new LogStore(), {
      type: 'basic',
      username: 'observer',
      password: 's3cret',
    });
    try {
      const ask = (user: string) =>
        postBuildLogs(observer.url, 'run-1', WINDOW, {
          'Content-Type': 'application/json',
          Authorization: `Basic ${Buffer.from(user).toString('base64')}`,
        });
      const refused = await ask('observer:wrong');
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe(
        'Basic realm="observer"',
      );
      expect((await ask('observer:s3cret')).status).toBe(200);
    } finally {
      await observer.close();
    }
  });

  it('lets every request through in none mode', async () => {
    const observer = await startObserver(new LogStore(), { type: 'none' });
    try {
      const res = await postBuildLogs(observer.url, 'run-1', WINDOW);
      expect(res.status).toBe(200);
    } finally {
      await observer.close();
    }
  });
});

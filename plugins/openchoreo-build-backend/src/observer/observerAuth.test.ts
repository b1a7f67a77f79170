import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ObserverTarget } from '../buildplane/observerTarget';
import { fetchArchivePage } from '../logs/observerArchive';
import {
  ClientCredentialsToken,
  StaticObserverCredentials,
  type ObserverAuthConfig,
} from './observerAuth';

const TOKEN_URL = 'https://idp.test/oauth2/token';
const OBSERVER = 'https://observer.test';
const SECRET = 'client-secret-0123456789';

const jwt: Extract<ObserverAuthConfig, { type: 'jwt' }> = {
  type: 'jwt',
  tokenUrl: TOKEN_URL,
  clientId: 'backstage-portal',
  clientSecret: SECRET,
  audience: 'openchoreo-observer',
  clientAuthMethod: 'client_secret_basic',
};

const query = {
  runName: 'wf-1',
  startTime: '2025-01-01T00:00:00Z',
  endTime: '2025-01-02T00:00:00Z',
  limit: 100,
};

describe('observer authentication', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** A token endpoint issuing `tok-1`, `tok-2`, … valid `expiresIn` seconds; records the requests. */
  function tokenEndpoint(expiresIn = 300) {
    const requests: Array<{
      authorization: string | null;
      body: URLSearchParams;
    }> = [];
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        requests.push({
          authorization: request.headers.get('authorization'),
          body: new URLSearchParams(await request.text()),
        });
        return HttpResponse.json({
          access_token: `tok-${requests.length}`,
          token_type: 'Bearer',
          expires_in: expiresIn,
        });
      }),
    );
    return requests;
  }

  it('fetches a client-credentials token once and reuses it until shortly before it expires', async () => {
    const requests = tokenEndpoint(300);
    let now = 0;
    const token = new ClientCredentialsToken(jwt, () => now);
    // Concurrent callers share one token request.
    const [a, b] = await Promise.all([
      token.authorization(),
      token.authorization(),
    ]);
    expect(a).toBe('Bearer tok-1');
    expect(b).toBe('Bearer tok-1');
    expect(requests).toHaveLength(1);
    expect(requests[0].body.get('grant_type')).toBe('client_credentials');
    expect(requests[0].body.get('audience')).toBe('openchoreo-observer');
    // client_secret_basic (RFC 6749 §2.3.1): id and secret form-urlencoded, then base64 in the
    // Authorization header ("-" travels as %2D: a token endpoint must decode them).
    const basic = /^Basic (.+)$/.exec(requests[0].authorization ?? '')![1];
    const [id, secret] = Buffer.from(basic, 'base64')
      .toString('utf8')
      .split(':')
      .map(decodeURIComponent);
    expect({ id, secret }).toEqual({ id: 'backstage-portal', secret: SECRET });
    now = 260_000; // 40 s before expiry: still good
    expect(await token.authorization()).toBe('Bearer tok-1');
    now = 275_000; // within 30 s of expiry: renewed
    expect(await token.authorization()).toBe('Bearer tok-2');
    expect(requests).toHaveLength(2);
  });

  it('retries an observer 401 once with a new token', async () => {
    const requests = tokenEndpoint();
    const seen: Array<string | null> = [];
    server.use(
      http.post(`${OBSERVER}/api/logs/build/wf-1`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        // The first token was revoked.
        if (request.headers.get('authorization') === 'Bearer tok-1')
          return HttpResponse.json(
            { message: 'invalid token' },
            { status: 401 },
          );
        return HttpResponse.json({ logs: [], totalCount: 0, tookMs: 1 });
      }),
    );
    const observer: ObserverTarget = {
      url: OBSERVER,
      credentials: new ClientCredentialsToken(jwt),
      source: 'observabilityPlane',
      origin: 'ObservabilityPlane acme/default',
    };
    await expect(
      fetchArchivePage(observer, query, { timeoutMs: 5000 }),
    ).resolves.toMatchObject({ logs: [] });
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(requests).toHaveLength(2);
  });

  it('gives up after the retry, and the error shows neither token nor secret even when the observer echoes them', async () => {
    tokenEndpoint();
    server.use(
      http.post(`${OBSERVER}/api/logs/build/wf-1`, ({ request }) =>
        HttpResponse.json(
          { message: `bad token ${request.headers.get('authorization')}` },
          { status: 401 },
        ),
      ),
    );
    const observer: ObserverTarget = {
      url: OBSERVER,
      credentials: new ClientCredentialsToken(jwt),
      source: 'config',
      origin: 'openchoreo.build.observer.url',
    };
    const error = await fetchArchivePage(observer, query, {
      timeoutMs: 5000,
    }).catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'BadGatewayError',
      message: expect.stringMatching(
        /refused the backend's credentials \(HTTP 401, jwt authentication\)/,
      ),
    });
    const text = JSON.stringify({
      ...(error as Error),
      message: (error as Error).message,
    });
    expect(text).not.toMatch(/tok-\d/);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('[redacted]');
  });

  it('does not retry static credentials: a wrong password is a wrong password', async () => {
    let calls = 0;
    server.use(
      http.post(`${OBSERVER}/api/logs/build/wf-1`, () => {
        calls += 1;
        return new HttpResponse('no', { status: 401 });
      }),
    );
    const observer: ObserverTarget = {
      url: OBSERVER,
      credentials: StaticObserverCredentials.basic('observer', 'pw-123456'),
      source: 'inline',
      origin: 'BuildPlane acme/bp spec.observer',
    };
    await expect(
      fetchArchivePage(observer, query, { timeoutMs: 5000 }),
    ).rejects.toMatchObject({ name: 'BadGatewayError' });
    expect(calls).toBe(1);
  });

  it('says which token endpoint refused the client, without the secret', async () => {
    server.use(
      http.post(TOKEN_URL, () =>
        HttpResponse.json(
          {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          },
          { status: 401 },
        ),
      ),
    );
    const error = await new ClientCredentialsToken(jwt)
      .authorization()
      .catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'BadGatewayError',
      message: `The token endpoint refused a token for the observer from ${TOKEN_URL} (openchoreo.build.observer.auth) (HTTP 401, invalid_client): check clientId and clientSecret`,
    });
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('sends client_secret_post credentials in the body when configured', async () => {
    const requests = tokenEndpoint();
    await new ClientCredentialsToken({
      ...jwt,
      clientAuthMethod: 'client_secret_post',
      scope: 'observer:read',
    }).authorization();
    expect(requests[0].authorization).toBeNull();
    expect(requests[0].body.get('client_id')).toBe('backstage-portal');
    expect(requests[0].body.get('client_secret')).toBe(SECRET);
    expect(requests[0].body.get('scope')).toBe('observer:read');
  });
});

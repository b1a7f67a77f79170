import { isError, ServiceUnavailableError } from '@backstage/errors';
import * as oauth from 'oauth4webapi';
import { BadGatewayError, GatewayTimeoutError } from '../errors';

/**
 * How the backend authenticates to the observer (`openchoreo.build.observer.auth`). The v0.9
 * observer verifies a JWT bearer token against its identity provider's JWKS
 * (`cmd/observer/main.go@v0.9.0`), so `jwt` — an OAuth2 client-credentials token — is what a real
 * installation needs; `bearer` is a fixed token, `basic` the v0.3–v0.7 observers' basic auth.
 */
export type ObserverAuthConfig =
  | {
      type: 'jwt';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      audience?: string;
      scope?: string;
      /** How the client authenticates at the token endpoint (default `client_secret_basic`, RFC 6749 §2.3.1). */
      clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
    }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'none' };

/** The kinds of observer authentication, for `BuildPlaneObserverInfo.authentication`. */
export type ObserverAuthType = ObserverAuthConfig['type'];

/** Credentials for observer requests. Holds secrets: backend only, never in messages. */
export interface ObserverCredentials {
  readonly type: ObserverAuthType;
  /** The `Authorization` header value, or undefined when none is sent. */
  authorization(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The observer answered 401 to `used`. True when asking again may succeed (a cached token
   * was dropped, so the next {@link ObserverCredentials.authorization} fetches a new one).
   */
  rejected(used: string | undefined): boolean;
}

/** Credentials that never change: none, basic or a fixed bearer token. */
export class StaticObserverCredentials implements ObserverCredentials {
  private constructor(
    readonly type: ObserverAuthType,
    private readonly header: string | undefined,
  ) {}

  static none(): StaticObserverCredentials {
    return new StaticObserverCredentials('none', undefined);
  }

  static basic(username: string, password = ''): StaticObserverCredentials {
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    return new StaticObserverCredentials('basic', `Basic ${encoded}`);
  }

  static bearer(token: string): StaticObserverCredentials {
    return new StaticObserverCredentials('bearer', `Bearer ${token}`);
  }

  async authorization(): Promise<string | undefined> {
    return this.header;
  }

  rejected(): boolean {
    return false;
  }
}

/** A token is renewed this long before the `expires_in` it came with runs out. */
const RENEW_BEFORE_EXPIRY_MS = 30_000;
/** Tokens answered without `expires_in` are kept this long (or until the observer refuses one). */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;
/** Time limit of one token request. */
const TOKEN_REQUEST_TIMEOUT_MS = 15_000;

type JwtConfig = Extract<ObserverAuthConfig, { type: 'jwt' }>;

/**
 * An OAuth2 client-credentials token (RFC 6749 §4.4) for the observer, fetched with
 * `oauth4webapi` (request encoding, client authentication and response validation done by a
 * maintained library rather than by hand), cached until shortly before `expires_in`, shared by
 * concurrent requests, and dropped when the observer refuses it.
 */
export class ClientCredentialsToken implements ObserverCredentials {
  readonly type = 'jwt' as const;
  private cached?: { header: string; renewAt: number };
  private pending?: Promise<string>;
  private readonly server: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  private readonly clientAuth: oauth.ClientAuth;

  constructor(
    private readonly config: JwtConfig,
    private readonly now: () => number = Date.now,
  ) {
    const tokenUrl = new URL(config.tokenUrl);
    this.server = { issuer: tokenUrl.origin, token_endpoint: tokenUrl.href };
    this.client = { client_id: config.clientId };
    this.clientAuth =
      config.clientAuthMethod === 'client_secret_post'
        ? oauth.ClientSecretPost(config.clientSecret)
        : oauth.ClientSecretBasic(config.clientSecret);
  }

  async authorization(signal?: AbortSignal): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.renewAt) return cached.header;
    // One token request at a time; every caller waiting meanwhile gets its answer.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    if (!signal) return this.pending;
    return Promise.race([
      this.pending,
      new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), {
          once: true,
        });
      }),
    ]);
  }

  rejected(used: string | undefined): boolean {
    if (!used) return false;
    // Unless another request already replaced it, the refused token is dropped; either way the
    // caller's one retry uses a token other than the refused one.
    if (this.cached?.header === used) this.cached = undefined;
    return true;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl } = this.config;
    const what = `a token for the observer from ${tokenUrl} (openchoreo.build.observer.auth)`;
    const parameters = new URLSearchParams();
    if (this.config.audience) parameters.set('audience', this.config.audience);
    if (this.config.scope) parameters.set('scope', this.config.scope);
    const timeout = AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS);
    let body: oauth.TokenEndpointResponse;
    try {
      const response = await oauth.clientCredentialsGrantRequest(
        this.server,
        this.client,
        this.clientAuth,
        parameters,
        {
          signal: timeout,
          // The token URL is the operator's own configuration (like the observer URL): plain
          // http is their choice, e.g. the sandbox's issuer.
          [oauth.allowInsecureRequests]:
            this.server.token_endpoint!.startsWith('http:'),
        },
      );
      body = await oauth.processClientCredentialsResponse(
        this.server,
        this.client,
        response,
      );
    } catch (error) {
      throw tokenError(error, what, timeout.aborted);
    }
    const header = `Bearer ${body.access_token}`;
    const lifetimeMs =
      typeof body.expires_in === 'number' && body.expires_in > 0
        ? body.expires_in * 1000
        : DEFAULT_TOKEN_LIFETIME_MS;
    // Short-lived tokens are renewed at half their life instead of 30 s before the end.
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    this.cached = { header, renewAt: this.now() + lifetimeMs - margin };
    return header;
  }
}

/**
 * The token endpoint's failure as an error that names the endpoint and the OAuth error code
 * (`invalid_client`…), never the client secret or a token.
 */
function tokenError(error: unknown, what: string, timedOut: boolean): Error {
  if (timedOut) {
    return new GatewayTimeoutError(`No answer in time for ${what}`);
  }
  if (error instanceof oauth.ResponseBodyError) {
    const hint =
      error.error === 'invalid_client' || error.status === 401
        ? ': check clientId and clientSecret'
        : '';
    return new BadGatewayError(
      `The token endpoint refused ${what} (HTTP ${error.status}, ${error.error})${hint}`,
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    return new BadGatewayError(
      `The token endpoint answered ${what} with an invalid response (${error.message})`,
    );
  }
  // fetch failures (connection refused, DNS) are TypeErrors with a cause.
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  let detail = isError(error) ? error.message : '';
  if (typeof cause === 'string') detail = cause;
  return new ServiceUnavailableError(`Cannot get ${what}: ${detail}`);
}

/** The credentials of a configured observer auth. */
export function observerCredentialsFor(
  auth: ObserverAuthConfig,
): ObserverCredentials {
  switch (auth.type) {
    case 'jwt':
      return new ClientCredentialsToken(auth);
    case 'bearer':
      return StaticObserverCredentials.bearer(auth.token);
    case 'basic':
      return StaticObserverCredentials.basic(auth.username, auth.password);
    case 'none':
      return StaticObserverCredentials.none();
    default: {
      const unknown: never = auth;
      throw new Error(`Unknown observer auth ${JSON.stringify(unknown)}`);
    }
  }
}

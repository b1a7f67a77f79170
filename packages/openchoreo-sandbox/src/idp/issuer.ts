import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  type JWK,
  type KeyLike,
  SignJWT,
} from 'jose';

/**
 * The sandbox's OAuth2 authorization server: one client, the client-credentials grant, RS256
 * access tokens and their JWKS. It stands in for the identity provider a real OpenChoreo
 * installation points its observer at (Thunder at v0.9: `/oauth2/token`, `/oauth2/jwks`;
 * `install/k3d/dev/values-op.yaml@v0.9.0`). RS256, because the observer's JWKS reader keeps RSA
 * keys only (`internal/server/middleware/auth/jwt/jwks.go@v0.9.0`). Keys and the client secret
 * are made at every start and never stored.
 */

/** What a token answer and the discovery document need to know about where the issuer lives. */
export interface IssuerUrls {
  /** The `iss` of every token; the base of the endpoints below. */
  issuer: string;
  tokenUrl: string;
  jwksUrl: string;
}

export interface IssuerOptions {
  issuer: string;
  /** The `aud` of the tokens: the observer's expected audience. */
  audience: string;
  clientId?: string;
  /** Lifetime of an access token (default one hour, as `expires_in` tells clients). */
  tokenLifetimeSeconds?: number;
}

/** Claims a token is made with; tests override them to make expired or foreign tokens. */
export interface TokenClaims {
  clientId: string;
  audience: string | string[];
  scope?: string;
  /** Seconds since the epoch (default now). */
  issuedAt?: number;
  lifetimeSeconds?: number;
}

const KEY_ALGORITHM = 'RS256';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class TokenIssuer {
  readonly urls: IssuerUrls;
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenLifetimeSeconds: number;

  private constructor(
    options: IssuerOptions,
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK,
  ) {
    const issuer = options.issuer.replace(/\/+$/, '');
    this.urls = {
      issuer,
      tokenUrl: `${issuer}/oauth2/token`,
      jwksUrl: `${issuer}/oauth2/jwks`,
    };
    this.audience = options.audience;
    this.clientId = options.clientId ?? 'openchoreo-build-portal';
    this.clientSecret = randomBytes(24).toString('base64url');
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  }

  /** A new issuer with a fresh RSA key pair and client secret. */
  static async create(options: IssuerOptions): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair(KEY_ALGORITHM);
    const jwk = await exportJWK(publicKey);
    return new TokenIssuer(options, privateKey, {
      ...jwk,
      kid: randomUUID(),
      alg: KEY_ALGORITHM,
      use: 'sig',
    });
  }

  /** The JWKS document: the one public signing key. */
  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  /** Whether `clientId`/`clientSecret` are the registered client's (compared in constant time). */
  authenticates(clientId: string, clientSecret: string): boolean {
    return (
      sameSecret(clientId, this.clientId) &&
      sameSecret(clientSecret, this.clientSecret)
    );
  }

  /** A signed access token for the client credentials grant. */
  async issueToken(claims: TokenClaims): Promise<string> {
    const issuedAt = claims.issuedAt ?? Math.floor(Date.now() / 1000);
    const lifetime = claims.lifetimeSeconds ?? this.tokenLifetimeSeconds;
    return new SignJWT({
      client_id: claims.clientId,
      ...(claims.scope ? { scope: claims.scope } : {}),
    })
      .setProtectedHeader({
        alg: KEY_ALGORITHM,
        kid: this.publicJwk.kid,
        typ: 'at+jwt',
      })
      .setIssuer(this.urls.issuer)
      .setSubject(claims.clientId)
      .setAudience(claims.audience)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

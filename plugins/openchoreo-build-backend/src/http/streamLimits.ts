import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import type { StreamCap } from '../config/pluginConfig';

/**
 * Seconds a refused client is asked to wait: a slot frees only when another stream of the same
 * caller (or any caller, for the global cap) ends, which we cannot predict; long enough that a
 * reconnecting client does not hammer the route, short enough that a closed tab is soon forgotten.
 */
export const STREAM_RETRY_AFTER_SECONDS = 10;

/**
 * 429: too many open streams. Backstage's error handler answers `statusCode`; the route sets
 * `Retry-After` before throwing (the handler keeps headers already set).
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}

/** Whom a stream is counted against: the user entity ref, a service's subject, or nobody. */
export function streamOwnerOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  if (principal.type === 'service' && principal.subject)
    return `service:${principal.subject}`;
  return 'anonymous';
}

/** A response that can carry a `Retry-After` header. */
interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/**
 * Counts open streams of one kind per caller and in all. {@link StreamLimiter.acquire} takes a
 * slot or throws 429 naming the limit and the config key that sets it; its release function is
 * idempotent, so every way a stream can end may call it.
 */
export class StreamLimiter {
  private readonly perOwner = new Map<string, number>();
  private open = 0;

  constructor(
    private readonly cap: StreamCap,
    private readonly options: {
      /** e.g. "log streams". */
      what: string;
      /** e.g. "openchoreo.build.limits.logStreams". */
      configKey: string;
    },
  ) {}

  /** Open streams in all (tests, diagnostics). */
  get size(): number {
    return this.open;
  }

  /** Open streams of one caller. */
  countOf(owner: string): number {
    return this.perOwner.get(owner) ?? 0;
  }

  /**
   * Takes a slot for `owner`, or sets `Retry-After` on `res` and throws a 429. Without an owner
   * (a caller that did not say who asks) only the global cap applies.
   */
  acquire(owner: string | undefined, res?: HeaderTarget): () => void {
    const { what, configKey } = this.options;
    const mine = owner === undefined ? 0 : this.countOf(owner);
    let refusal: string | undefined;
    if (owner !== undefined && mine >= this.cap.perUser) {
      refusal = `You have ${mine} open ${what}, the most one user may hold (${configKey}.perUser = ${this.cap.perUser}); close one and try again`;
    } else if (this.open >= this.cap.total) {
      refusal = `The backend holds ${this.open} open ${what}, the most it serves at once (${configKey}.total = ${this.cap.total}); try again later`;
    }
    if (refusal) {
      res?.setHeader('Retry-After', String(STREAM_RETRY_AFTER_SECONDS));
      throw new TooManyRequestsError(refusal);
    }
    if (owner !== undefined) this.perOwner.set(owner, mine + 1);
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
      if (owner === undefined) return;
      const left = this.countOf(owner) - 1;
      // Forget callers with nothing open, so the map holds only current users.
      if (left > 0) this.perOwner.set(owner, left);
      else this.perOwner.delete(owner);
    };
  }
}

import { createHash } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
  UrlReaderService,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  analyzeHolosText,
  HolosInputError,
  type HolosEntityBuildPlans,
  type HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { BadGatewayError } from '../errors';
import { toPlanInputError } from './holosErrors';
import type { LocalPlanReader, PlanText } from './LocalPlanReader';
import {
  annotationContext,
  resolvePlanLocation,
  type PlanLocation,
} from './planLocation';
import { redactUrl, scrubText, userInfoOf } from './redact';

/** What the cache keeps per plans location. Bump `CACHE_VERSION` when its shape or the analysis changes. */
interface CachedPlans {
  location: string;
  etag?: string;
  /** When the source was last read or confirmed unchanged (ms since the epoch). */
  checkedAt: number;
  result: HolosValidationResult;
}

const CACHE_VERSION = 'v1';

/** A plans file over the byte limit (answered as a 502 naming the limit). */
class PlanTooLargeError extends Error {}

/**
 * How long an entry is kept after its last check, so an expired one can still be revalidated
 * with its ETag (a `NotModifiedError` costs the source no body) instead of being read again.
 */
const REVALIDATE_HORIZON_MS = 24 * 3600_000;

export interface HolosPlanSourceOptions {
  reader: Pick<UrlReaderService, 'readUrl'>;
  local: Pick<LocalPlanReader, 'read'>;
  cache: Pick<CacheService, 'get' | 'set'>;
  integrations: Pick<ScmIntegrationRegistry, 'resolveUrl'>;
  logger: Pick<LoggerService, 'warn'>;
  /** The configured integrations' secrets, scrubbed from every message (`integrationSecrets`). */
  secrets: readonly string[];
  ttlSeconds: number;
  /** The most bytes of one plans file read. */
  maxBytes: number;
  now?: () => number;
}

/**
 * The BuildPlans of a catalog entity (`GET /holos/buildplans`): the `holos.run/buildplans`
 * annotation resolved against the entity's source location, read with the backend's UrlReader (or,
 * in development, under the local roots), analysed, and cached per resolved location: an entry is
 * answered as it is for `ttlSeconds`, then revalidated with its ETag. Reads of one location that
 * overlap share one read. The caller has checked the permission: plans are read with the
 * backend's credentials, the same for every user.
 */
export class HolosPlanSource {
  private readonly now: () => number;
  private readonly inFlight = new Map<string, Promise<CachedPlans>>();

  constructor(private readonly options: HolosPlanSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  async plansOf(entity: Entity): Promise<HolosEntityBuildPlans> {
    const location = resolvePlanLocation(entity, this.options.integrations);
    const context = annotationContext(entity);
    const key = cacheKey(location);
    // Shared per entity too: a failure's message names the entity it was asked for.
    const flight = `${key} ${context}`;
    let pending = this.inFlight.get(flight);
    if (!pending) {
      pending = this.load(key, location, context).finally(() =>
        this.inFlight.delete(flight),
      );
      this.inFlight.set(flight, pending);
    }
    const cached = await pending;
    return {
      ...cached.result,
      entityRef: stringifyEntityRef(entity),
      location: cached.location,
    };
  }

  private async load(
    key: string,
    location: PlanLocation,
    context: string,
  ): Promise<CachedPlans> {
    const cached = await this.cached(key);
    if (
      cached &&
      this.now() - cached.checkedAt < this.options.ttlSeconds * 1000
    )
      return cached;
    let plans: PlanText;
    try {
      plans = await this.read(location, context, cached?.etag);
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError') {
        // Unchanged since the cached read; without one (a reader that answers NotModified to no
        // ETag) there is nothing to answer with, and a bare 304 would mislead the caller.
        if (!cached) {
          throw new BadGatewayError(
            `${context}: the source answered "not modified" to a first read`,
          );
        }
        const confirmed = { ...cached, checkedAt: this.now() };
        await this.store(key, confirmed);
        return confirmed;
      }
      throw error;
    }
    let result: HolosValidationResult;
    try {
      result = analyzeHolosText(plans.text);
    } catch (error) {
      if (error instanceof HolosInputError)
        throw toPlanInputError(error, `${context}: ${plans.location}`);
      throw error;
    }
    const fresh: CachedPlans = {
      location: plans.location,
      etag: plans.etag,
      checkedAt: this.now(),
      result,
    };
    await this.store(key, fresh);
    return fresh;
  }

  private read(
    location: PlanLocation,
    context: string,
    etag: string | undefined,
  ): Promise<PlanText> {
    return location.type === 'file'
      ? this.options.local.read(location.path, context, etag)
      : this.readUrl(location.url, context, etag);
  }

  private async readUrl(
    url: string,
    context: string,
    etag: string | undefined,
  ): Promise<PlanText> {
    const shown = redactUrl(url);
    const secrets = [...this.options.secrets, ...userInfoOf(url)];
    let response: UrlReaderServiceReadUrlResponse;
    let text: string;
    try {
      response = await this.options.reader.readUrl(url, { etag });
      text = await boundedText(response, this.options.maxBytes);
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError') throw error;
      if (error instanceof PlanTooLargeError) {
        throw new BadGatewayError(
          `${context}: ${shown} is larger than ${this.options.maxBytes} bytes, the most the portal reads`,
        );
      }
      // The reader's own words, scrubbed: never its error object (a `cause` would be serialized).
      const reason = scrubText(
        isError(error) ? `${error.name}: ${error.message}` : String(error),
        secrets,
      );
      if (isError(error) && error.name === 'NotFoundError') {
        throw new NotFoundError(
          `${context}: ${shown} was not found (${reason})`,
        );
      }
      if (isError(error) && error.name === 'InputError') {
        throw new InputError(`${context}: ${shown} cannot be read (${reason})`);
      }
      this.options.logger.warn(
        `holos: reading ${shown} for ${context} failed: ${reason}`,
      );
      throw new BadGatewayError(
        `${context}: ${shown} could not be read (${reason})`,
      );
    }
    return { text, etag: response.etag, location: shown };
  }

  private async cached(key: string): Promise<CachedPlans | undefined> {
    try {
      const raw = await this.options.cache.get<string>(key);
      return typeof raw === 'string'
        ? (JSON.parse(raw) as CachedPlans)
        : undefined;
    } catch (error) {
      // A cache that is down or holds garbage costs a read, not the answer.
      this.options.logger.warn(
        `holos: plans cache read failed, reading the source (${
          isError(error) ? error.message : String(error)
        })`,
      );
      return undefined;
    }
  }

  private async store(key: string, entry: CachedPlans): Promise<void> {
    try {
      await this.options.cache.set(key, JSON.stringify(entry), {
        ttl: Math.max(this.options.ttlSeconds * 1000, REVALIDATE_HORIZON_MS),
      });
    } catch (error) {
      this.options.logger.warn(
        `holos: plans cache write failed (${
          isError(error) ? error.message : String(error)
        })`,
      );
    }
  }
}

/** The cache key of a location: hashed, since some stores (memcache) limit key length. */
function cacheKey(location: PlanLocation): string {
  const where =
    location.type === 'url' ? `url:${location.url}` : `file:${location.path}`;
  return `holos-buildplans:${CACHE_VERSION}:${createHash('sha256')
    .update(where)
    .digest('hex')}`;
}

/** The response as UTF-8 text, refusing more than `maxBytes` (streamed when the reader can). */
async function boundedText(
  response: UrlReaderServiceReadUrlResponse,
  maxBytes: number,
): Promise<string> {
  if (!response.stream) {
    const buffer = await response.buffer();
    if (buffer.length > maxBytes) throw new PlanTooLargeError();
    return buffer.toString('utf8');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const stream = response.stream();
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    total += bytes.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new PlanTooLargeError();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

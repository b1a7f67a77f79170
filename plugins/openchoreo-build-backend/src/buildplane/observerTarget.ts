import type {
  BuildPlane,
  ObservabilityPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ObserverConfig } from '../observer/observerConfig';
import {
  observerCredentialsFor,
  StaticObserverCredentials,
  type ObserverCredentials,
} from '../observer/observerAuth';
import { urlRefusal, type PlanePolicy } from './planePolicy';

/** Where and how to call a plane's observer (archived build logs). Holds credentials: backend only. */
export interface ObserverTarget {
  url: string;
  credentials: ObserverCredentials;
  /**
   * `inline`: the BuildPlane's `spec.observer` (v0.3–v0.7); `observabilityPlane`: the
   * `observerURL` of the ObservabilityPlane it names (v0.8+); `config`: `openchoreo.build.observer.url`.
   */
  source: 'inline' | 'observabilityPlane' | 'config';
  /** e.g. `ObservabilityPlane acme/default`, for messages. */
  origin: string;
}

/** Where an org's observer comes from, or why it has none (refused URL, missing ObservabilityPlane). */
export type ObserverResolution =
  | { target: ObserverTarget; refusal?: undefined; note?: string }
  | { target?: undefined; refusal?: string; note?: string };

/** What an ObservabilityPlane lookup needs from the control plane. */
export interface ObservabilityPlaneSource {
  findObservabilityPlane(
    kind: 'ObservabilityPlane' | 'ClusterObservabilityPlane',
    namespace: string,
    name: string,
  ): Promise<ObservabilityPlane | undefined>;
}

/** How long an ObservabilityPlane read is reused (like connectors re-check their Secrets). */
const OBSERVABILITY_PLANE_TTL_MS = 10_000;

type RefKind = 'ObservabilityPlane' | 'ClusterObservabilityPlane';

/** `spec.observabilityPlaneRef`: a name (v0.8–v0.15) or `{kind, name}` (v0.16+). */
export function observabilityPlaneRefOf(
  bp: BuildPlane,
): { kind: RefKind; name: string } | undefined {
  const ref = bp.spec?.observabilityPlaneRef;
  if (!ref) return undefined;
  if (typeof ref === 'string') return { kind: 'ObservabilityPlane', name: ref };
  if (!ref.name) return undefined;
  return {
    kind:
      ref.kind === 'ClusterObservabilityPlane'
        ? 'ClusterObservabilityPlane'
        : 'ObservabilityPlane',
    name: ref.name,
  };
}

/** Why the plane's inline observer URL is refused, or undefined. */
export function observerRefusal(
  bp: BuildPlane,
  policy: PlanePolicy,
): string | undefined {
  const url = bp.spec?.observer?.url;
  return url ? urlRefusal(url, 'spec.observer.url', policy) : undefined;
}

/**
 * Finds the observer of an org's BuildPlane, as OpenChoreo's API does
 * (`internal/openchoreo-api/services/component_service.go@v0.9.0`, `GetBuildObserverURL`: the
 * org's first BuildPlane → `spec.observabilityPlaneRef` → the ObservabilityPlane of that name in
 * the same namespace → `spec.observerURL`):
 *
 * 1. the plane's inline `spec.observer` (v0.3–v0.7) with its own basic auth;
 * 2. else the ObservabilityPlane's `observerURL`, called with `openchoreo.build.observer.auth`;
 * 3. else `openchoreo.build.observer.url` (also when the ObservabilityPlane is missing or has no URL).
 *
 * A URL read from a cluster object is input: plain http is refused (the plane has no usable
 * archive) unless `allowInsecureBuildPlanes`, since credentials would travel unencrypted. The
 * configured URL is the operator's own choice and is used as given. ObservabilityPlane reads are
 * reused for {@link OBSERVABILITY_PLANE_TTL_MS}.
 */
export class ObserverResolver {
  private readonly configured?: ObserverCredentials;
  private readonly planes = new Map<
    string,
    { readAt: number; plane: Promise<ObservabilityPlane | undefined> }
  >();

  constructor(
    private readonly controlPlane: ObservabilityPlaneSource,
    private readonly config: ObserverConfig | undefined,
    private readonly policy: PlanePolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.configured = config ? observerCredentialsFor(config.auth) : undefined;
  }

  /** The observer for `bp`; undefined when none is usable (see {@link ObserverResolver.resolve}). */
  async targetFor(bp: BuildPlane): Promise<ObserverTarget | undefined> {
    return (await this.resolve(bp)).target;
  }

  /** The observer for `bp`, or why there is none. */
  async resolve(bp: BuildPlane): Promise<ObserverResolution> {
    const inline = bp.spec?.observer;
    const planeLabel = `BuildPlane ${bp.metadata?.namespace}/${bp.metadata?.name}`;
    if (inline?.url) {
      const refusal = observerRefusal(bp, this.policy);
      if (refusal) return { refusal };
      const auth = inline.authentication?.basicAuth;
      return {
        target: {
          url: inline.url.replace(/\/+$/, ''),
          credentials: auth?.username
            ? StaticObserverCredentials.basic(auth.username, auth.password)
            : StaticObserverCredentials.none(),
          source: 'inline',
          origin: `${planeLabel} spec.observer`,
        },
      };
    }
    let note: string | undefined;
    const ref = observabilityPlaneRefOf(bp);
    if (ref) {
      const namespace = bp.metadata?.namespace ?? '';
      const origin =
        ref.kind === 'ClusterObservabilityPlane'
          ? `ClusterObservabilityPlane ${ref.name}`
          : `ObservabilityPlane ${namespace}/${ref.name}`;
      const plane = await this.observabilityPlane(
        ref.kind,
        namespace,
        ref.name,
      );
      const url = plane?.spec?.observerURL;
      if (url) {
        const refusal = urlRefusal(url, `${origin} spec.observerURL`, {
          allowInsecure: this.policy.allowInsecure,
        });
        if (refusal) return { refusal };
        return {
          target: {
            url: url.replace(/\/+$/, ''),
            credentials: this.configured ?? StaticObserverCredentials.none(),
            source: 'observabilityPlane',
            origin,
          },
        };
      }
      note = plane
        ? `${origin} has no spec.observerURL`
        : `${origin} (named by ${planeLabel}) does not exist`;
    }
    if (this.config?.url && this.configured) {
      return {
        target: {
          url: this.config.url,
          credentials: this.configured,
          source: 'config',
          origin: 'openchoreo.build.observer.url',
        },
        note,
      };
    }
    return { note };
  }

  private observabilityPlane(
    kind: RefKind,
    namespace: string,
    name: string,
  ): Promise<ObservabilityPlane | undefined> {
    const key = `${kind}/${namespace}/${name}`;
    const cached = this.planes.get(key);
    if (cached && this.now() - cached.readAt < OBSERVABILITY_PLANE_TTL_MS)
      return cached.plane;
    const plane = this.controlPlane
      .findObservabilityPlane(kind, namespace, name)
      .catch(error => {
        // A failed read is not reused; the next request asks again.
        this.planes.delete(key);
        throw error;
      });
    this.planes.set(key, { readAt: this.now(), plane });
    return plane;
  }
}

/** The error for an org whose plane has no usable observer. */
export function noObserverError(
  what: string,
  planeLabel: string,
  resolution: ObserverResolution,
): ServiceUnavailableError {
  const why =
    resolution.refusal ??
    resolution.note ??
    'it has no observer (set spec.observabilityPlaneRef to an ObservabilityPlane with observerURL, or openchoreo.build.observer.url)';
  return new ServiceUnavailableError(
    `${what} cannot be read: ${planeLabel}: ${why}`,
  );
}

import { ServiceUnavailableError } from '@backstage/errors';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { PluginConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { BuildPlaneConnector } from './BuildPlaneConnector';
import { planConnection, type ConnectionPlan } from './connectionPlan';
import { buildConnector, type BuiltConnector } from './createConnector';
import {
  ObserverResolver,
  type ObserverResolution,
  type ObserverTarget,
} from './observerTarget';
import type { PlanePolicy } from './planePolicy';

/** How long a connector is used before the Secrets it was built from are checked for rotation. */
const DEFAULT_SECRET_RECHECK_MS = 10_000;

interface CacheEntry {
  /** `uid:resourceVersion:generation` of the BuildPlane the connector was built from. */
  planeVersion: string;
  built: Promise<BuiltConnector>;
  /** When the referenced Secrets were last confirmed unchanged (ms). */
  verifiedAt: number;
  /** `stale` is set when the plane answered 401/403: check the Secrets on the next use, whatever the age. */
  credentials: { stale: boolean };
  /** The running check, shared by concurrent callers. */
  checking?: Promise<BuildPlaneConnector>;
}

export type BuildPlaneRegistryConfig = Pick<
  PluginConfig,
  'clusterGateway' | 'observer' | 'controlPlane' | 'allowInsecureBuildPlanes'
>;

/**
 * Finds the BuildPlane serving an org and hands out connectors, cached per plane. A connector is
 * replaced when the BuildPlane changes (uid, resourceVersion, generation) or when a Secret its
 * credentials came from has a new resourceVersion: Secrets are re-checked every `secretRecheckMs`,
 * and at once after the plane refused the credentials, so rotated credentials apply without a restart.
 */
export class BuildPlaneRegistry {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly secretRecheckMs: number;
  /** One per backend: the configured observer's token cache is shared by every org. */
  private readonly observers: ObserverResolver;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly config: BuildPlaneRegistryConfig,
    options: { secretRecheckMs?: number } = {},
  ) {
    this.secretRecheckMs = options.secretRecheckMs ?? DEFAULT_SECRET_RECHECK_MS;
    this.observers = new ObserverResolver(
      controlPlane,
      config.observer,
      this.policy,
    );
  }

  get policy(): PlanePolicy {
    return { allowInsecure: this.config.allowInsecureBuildPlanes };
  }

  plan(bp: BuildPlane): ConnectionPlan {
    const observer = this.config.observer;
    return planConnection(bp, {
      gatewayConfigured: Boolean(this.config.clusterGateway?.url),
      observer: observer
        ? { url: observer.url, auth: observer.auth.type }
        : undefined,
      policy: this.policy,
    });
  }

  /** The plane's observer (archived logs) under this backend's policy; undefined when none is usable. */
  async observerFor(bp: BuildPlane): Promise<ObserverTarget | undefined> {
    return this.observers.targetFor(bp);
  }

  /** The plane's observer, or why it has none (for messages and the plane's checks). */
  resolveObserver(bp: BuildPlane): Promise<ObserverResolution> {
    return this.observers.resolve(bp);
  }

  listBuildPlanes(namespace: string): Promise<BuildPlane[]> {
    return this.controlPlane.listBuildPlanes(namespace);
  }

  /** OpenChoreo's controllers use the first BuildPlane listed in the org namespace. */
  async activeBuildPlane(namespace: string): Promise<BuildPlane> {
    const planes = await this.controlPlane.listBuildPlanes(namespace);
    if (planes.length === 0) {
      throw new ServiceUnavailableError(
        `Namespace ${namespace} has no BuildPlane, so its builds cannot be reached`,
      );
    }
    return planes[0];
  }

  connectorFor(bp: BuildPlane): Promise<BuildPlaneConnector> {
    const key = `${bp.metadata?.namespace}/${bp.metadata?.name}`;
    const planeVersion = `${bp.metadata?.uid ?? ''}:${
      bp.metadata?.resourceVersion ?? ''
    }:${bp.metadata?.generation ?? ''}`;
    const entry = this.entries.get(key);
    if (!entry || entry.planeVersion !== planeVersion)
      return this.build(key, planeVersion, bp);
    if (
      !entry.credentials.stale &&
      Date.now() - entry.verifiedAt < this.secretRecheckMs
    ) {
      return entry.built.then(b => b.connector);
    }
    entry.checking ??= this.recheck(key, entry, bp).finally(() => {
      entry.checking = undefined;
    });
    return entry.checking;
  }

  async activeConnector(namespace: string): Promise<BuildPlaneConnector> {
    return this.connectorFor(await this.activeBuildPlane(namespace));
  }

  private build(
    key: string,
    planeVersion: string,
    bp: BuildPlane,
  ): Promise<BuildPlaneConnector> {
    const credentials = { stale: false };
    const built = buildConnector(bp, this.plan(bp), {
      controlPlane: this.controlPlane.kubernetes,
      clusterGateway: this.config.clusterGateway,
      timeoutMs: this.config.controlPlane.requestTimeoutMs,
      policy: this.policy,
      onCredentialsRejected: () => {
        credentials.stale = true;
      },
    });
    const created: CacheEntry = {
      planeVersion,
      built,
      verifiedAt: Date.now(),
      credentials,
    };
    // A failed construction (missing Secret, refused field…) must be retried next time, not cached.
    built.catch(() => {
      if (this.entries.get(key) === created) this.entries.delete(key);
    });
    this.entries.set(key, created);
    return built.then(b => b.connector);
  }

  /** Keeps the connector when every Secret it came from still has the version it was built from. */
  private async recheck(
    key: string,
    entry: CacheEntry,
    bp: BuildPlane,
  ): Promise<BuildPlaneConnector> {
    const { connector, secrets } = await entry.built;
    const current = await Promise.all(
      secrets.map(s =>
        this.controlPlane.kubernetes.findSecret(s.namespace, s.name),
      ),
    );
    const unchanged = secrets.every(
      (s, i) => current[i]?.metadata?.resourceVersion === s.resourceVersion,
    );
    if (!unchanged) return this.build(key, entry.planeVersion, bp);
    entry.verifiedAt = Date.now();
    // Same Secrets: a new connector would hold the same credentials, so keep this one.
    entry.credentials.stale = false;
    return connector;
  }
}

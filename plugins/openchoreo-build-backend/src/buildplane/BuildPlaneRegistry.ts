import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  ApiGeneration,
  BuildPlane,
  WorkflowKind,
  WorkflowPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { PluginConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { GenerationDetector } from '../controlplane/GenerationDetector';
import type { BuildPlaneConnector } from './BuildPlaneConnector';
import {
  planConnection,
  planWorkflowPlaneConnection,
  type ConnectionPlan,
  type WorkflowPlaneKind,
} from './connectionPlan';
import {
  buildConnector,
  buildWorkflowPlaneConnector,
  workflowPlaneLabel,
  type BuiltConnector,
  type ConnectorEnvironment,
} from './createConnector';
import {
  ObserverResolver,
  type ObserverResolution,
  type ObserverTarget,
} from './observerTarget';
import type { PlanePolicy } from './planePolicy';
import { workflowPlaneCandidates } from './workflowPlaneRef';

/** A v1.x plane with the kind it was read as (the object's `kind` may be absent in list items). */
export interface ResolvedWorkflowPlane {
  kind: WorkflowPlaneKind;
  plane: WorkflowPlane;
}

/** Which (Cluster)Workflow a run uses. */
export interface RunWorkflowRef {
  kind: WorkflowKind;
  name: string;
}

/** How long a connector is used before the Secrets it was built from are checked for rotation. */
const DEFAULT_SECRET_RECHECK_MS = 10_000;

interface CacheEntry {
  /** `uid:resourceVersion:generation` of the plane object the connector was built from. */
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
 * Finds the plane serving an org's runs (v0: its BuildPlane; v1: the WorkflowPlane or
 * ClusterWorkflowPlane of the run's workflow) and hands out connectors, cached per plane. A
 * connector is replaced when the plane object changes (uid, resourceVersion, generation) or when a Secret its
 * credentials came from has a new resourceVersion: Secrets are re-checked every `secretRecheckMs`,
 * and at once after the plane refused the credentials, so rotated credentials apply without a restart.
 */
export class BuildPlaneRegistry {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly secretRecheckMs: number;
  /** One per backend: the configured observer's token cache is shared by every org. */
  private readonly observers: ObserverResolver;
  private readonly v1: ControlPlaneV1;
  /** Which build API generation each org speaks; one cache for every service holding the registry. */
  readonly generations: GenerationDetector;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly config: BuildPlaneRegistryConfig,
    options: {
      secretRecheckMs?: number;
      generations?: GenerationDetector;
    } = {},
  ) {
    this.secretRecheckMs = options.secretRecheckMs ?? DEFAULT_SECRET_RECHECK_MS;
    this.v1 = new ControlPlaneV1(controlPlane.kubernetes);
    this.generations =
      options.generations ?? new GenerationDetector(controlPlane.kubernetes);
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
    return this.cached(
      `BuildPlane/${bp.metadata?.namespace}/${bp.metadata?.name}`,
      bp,
      env => buildConnector(bp, this.plan(bp), env),
    );
  }

  async activeConnector(namespace: string): Promise<BuildPlaneConnector> {
    return this.connectorFor(await this.activeBuildPlane(namespace));
  }

  /**
   * The connector for the plane a run executes on. v0: the org's BuildPlane
   * ({@link activeConnector}). v1: the plane `workflow` names in `spec.workflowPlaneRef`, with
   * OpenChoreo's defaults (see `workflowPlaneCandidates`); without `workflow`, the org's default
   * plane. NotFoundError when the workflow does not exist, ServiceUnavailableError when its plane
   * does not.
   */
  async connectorForRun(
    namespace: string,
    generation: ApiGeneration,
    workflow?: RunWorkflowRef,
  ): Promise<BuildPlaneConnector> {
    if (generation === 'v0') return this.activeConnector(namespace);
    const resolved = await this.workflowPlaneFor(namespace, workflow);
    return this.workflowPlaneConnector(resolved);
  }

  /** The WorkflowPlanes of an org followed by every ClusterWorkflowPlane (v1.x). */
  async listWorkflowPlanes(
    namespace: string,
  ): Promise<ResolvedWorkflowPlane[]> {
    const [own, cluster] = await Promise.all([
      this.v1.listWorkflowPlanes(namespace),
      this.v1.listClusterWorkflowPlanes(),
    ]);
    return [
      ...own.map(plane => ({ kind: 'WorkflowPlane' as const, plane })),
      ...cluster.map(plane => ({
        kind: 'ClusterWorkflowPlane' as const,
        plane,
      })),
    ];
  }

  /** One v1.x plane by kind and name; undefined when it does not exist. */
  async findWorkflowPlane(
    kind: WorkflowPlaneKind,
    namespace: string,
    name: string,
  ): Promise<ResolvedWorkflowPlane | undefined> {
    const plane = await this.v1.findWorkflowPlane(kind, namespace, name);
    return plane ? { kind, plane } : undefined;
  }

  /** The plane runs of `workflow` in `namespace` execute on, as OpenChoreo's controller picks it. */
  async workflowPlaneFor(
    namespace: string,
    workflow?: RunWorkflowRef,
  ): Promise<ResolvedWorkflowPlane> {
    const found = workflow
      ? await this.v1.findWorkflow(workflow.kind, namespace, workflow.name)
      : undefined;
    if (workflow && !found) {
      throw new NotFoundError(
        workflow.kind === 'ClusterWorkflow'
          ? `ClusterWorkflow ${workflow.name} does not exist, so the plane its runs use cannot be found`
          : `Workflow ${workflow.name} does not exist in namespace ${namespace}, so the plane its runs use cannot be found`,
      );
    }
    const candidates = workflowPlaneCandidates(workflow?.kind, found);
    for (const candidate of candidates) {
      const resolved = await this.findWorkflowPlane(
        candidate.kind,
        namespace,
        candidate.name,
      );
      if (resolved) return resolved;
    }
    const names = candidates
      .map(c =>
        c.kind === 'WorkflowPlane'
          ? `WorkflowPlane ${namespace}/${c.name}`
          : `ClusterWorkflowPlane ${c.name}`,
      )
      .join(' or ');
    const user = workflow
      ? `${workflow.kind} ${workflow.name}`
      : `namespace ${namespace}`;
    throw new ServiceUnavailableError(
      `${user} runs on ${names}, which does not exist, so its builds cannot be reached; create the plane or point the workflow's spec.workflowPlaneRef at an existing one`,
    );
  }

  /** How a v1.x plane is reached under this backend's configuration (no I/O). */
  planWorkflowPlane(resolved: ResolvedWorkflowPlane): ConnectionPlan {
    const observer = this.config.observer;
    return planWorkflowPlaneConnection(resolved.plane, resolved.kind, {
      gatewayConfigured: Boolean(this.config.clusterGateway?.url),
      observer: observer
        ? { url: observer.url, auth: observer.auth.type }
        : undefined,
    });
  }

  workflowPlaneConnector(
    resolved: ResolvedWorkflowPlane,
  ): Promise<BuildPlaneConnector> {
    const { plane, kind } = resolved;
    return this.cached(
      `${kind}/${plane.metadata?.namespace ?? ''}/${plane.metadata?.name}`,
      plane,
      async env =>
        buildWorkflowPlaneConnector(
          plane,
          kind,
          this.planWorkflowPlane(resolved),
          env,
        ),
    );
  }

  /** For messages: `workflow plane acme/default`, `cluster workflow plane default`. */
  workflowPlaneLabel(resolved: ResolvedWorkflowPlane): string {
    return workflowPlaneLabel(resolved.plane, resolved.kind);
  }

  /** The cached connector of one plane object, built (again) when the object or its Secrets changed. */
  private cached(
    key: string,
    plane: BuildPlane | WorkflowPlane,
    make: (env: ConnectorEnvironment) => Promise<BuiltConnector>,
  ): Promise<BuildPlaneConnector> {
    const planeVersion = `${plane.metadata?.uid ?? ''}:${
      plane.metadata?.resourceVersion ?? ''
    }:${plane.metadata?.generation ?? ''}`;
    const entry = this.entries.get(key);
    if (!entry || entry.planeVersion !== planeVersion)
      return this.build(key, planeVersion, make);
    if (
      !entry.credentials.stale &&
      Date.now() - entry.verifiedAt < this.secretRecheckMs
    ) {
      return entry.built.then(b => b.connector);
    }
    entry.checking ??= this.recheck(key, entry, make).finally(() => {
      entry.checking = undefined;
    });
    return entry.checking;
  }

  private build(
    key: string,
    planeVersion: string,
    make: (env: ConnectorEnvironment) => Promise<BuiltConnector>,
  ): Promise<BuildPlaneConnector> {
    const credentials = { stale: false };
    const built = make({
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
    make: (env: ConnectorEnvironment) => Promise<BuiltConnector>,
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
    if (!unchanged) return this.build(key, entry.planeVersion, make);
    entry.verifiedAt = Date.now();
    // Same Secrets: a new connector would hold the same credentials, so keep this one.
    entry.credentials.stale = false;
    return connector;
  }
}

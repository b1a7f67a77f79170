import type {
  BuildPlane,
  BuildPlaneDetail,
  BuildPlaneListResponse,
  BuildPlaneSummary,
  ReachabilityCheck,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { isError, NotFoundError } from '@backstage/errors';
import type { PluginConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { httpRequest, toPemText } from '../http/httpRequest';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { toConditions } from '../runs/runModel';
import type { BuildPlaneConnector } from './BuildPlaneConnector';
import type {
  BuildPlaneRegistry,
  ResolvedWorkflowPlane,
} from './BuildPlaneRegistry';
import type { WorkflowPlaneKind } from './connectionPlan';
import type { ObserverResolution } from './observerTarget';
import { DESCRIPTION, DISPLAY_NAME, healthOf } from './planeHealth';
import {
  activeWorkflowPlane,
  observerView,
  summarizeWorkflowPlane,
} from './workflowPlaneSummary';

/**
 * Live checks are open to every reader and make the backend send credentials to servers a
 * BuildPlane names, so each plane is checked at most once per interval; later callers get that
 * result and its time.
 */
const DEFAULT_LIVE_CHECK_INTERVAL_MS = 30_000;

interface LiveChecks {
  /** uid:resourceVersion of the plane checked: an edited plane is checked afresh. */
  planeVersion: string;
  startedAt: number;
  result: Promise<{ checks: ReachabilityCheck[]; checkedAt: string }>;
}

/** Serves `/buildplanes`: summaries without any credential, and live reachability checks. */
export class BuildPlaneService {
  private readonly liveChecks = new Map<string, LiveChecks>();
  private readonly liveCheckIntervalMs: number;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    private readonly config: PluginConfig,
    options: { liveCheckIntervalMs?: number } = {},
  ) {
    this.liveCheckIntervalMs =
      options.liveCheckIntervalMs ?? DEFAULT_LIVE_CHECK_INTERVAL_MS;
  }

  summarize(bp: BuildPlane, active: boolean): BuildPlaneSummary {
    const plan = this.registry.plan(bp);
    const annotations = bp.metadata?.annotations ?? {};
    const agent = bp.status?.agentConnection;
    return {
      namespace: bp.metadata?.namespace ?? '',
      name: bp.metadata?.name ?? '',
      kind: 'BuildPlane',
      displayName: annotations[DISPLAY_NAME],
      description: annotations[DESCRIPTION],
      createdAt: bp.metadata?.creationTimestamp,
      generation: plan.generation,
      mode: plan.mode,
      authMethod: plan.authMethod,
      apiServerURL: plan.apiServerURL,
      agent:
        plan.mode === 'agent'
          ? {
              planeID: plan.planeID ?? bp.metadata?.name ?? '',
              gatewayConfigured: Boolean(this.config.clusterGateway?.url),
              connected: agent?.connected,
              connectedAgents: agent?.connectedAgents,
              lastHeartbeatTime: agent?.lastHeartbeatTime,
            }
          : undefined,
      observer: plan.observer,
      capabilities: {
        watch: plan.mode !== 'agent',
        followLogs: plan.mode !== 'agent',
      },
      active,
      health: healthOf(bp, plan),
      conditions: toConditions(bp.status?.conditions),
      problems: plan.problems,
    };
  }

  /** A v1.x org's planes: its WorkflowPlanes, then every ClusterWorkflowPlane, listed for it. */
  private async summarizeV1(namespace: string): Promise<BuildPlaneSummary[]> {
    const planes = await this.registry.listWorkflowPlanes(namespace);
    const active = activeWorkflowPlane(planes);
    return planes.map(p =>
      summarizeWorkflowPlane(p, {
        namespace,
        plan: this.registry.planWorkflowPlane(p),
        active: p === active,
        gatewayConfigured: Boolean(this.config.clusterGateway?.url),
      }),
    );
  }

  async list(namespaces: string[]): Promise<BuildPlaneListResponse> {
    const perNamespace = await Promise.all(
      namespaces.map(async ns =>
        (await this.registry.generations.of(ns)) === 'v1'
          ? { items: await this.summarizeV1(ns), warnings: [] }
          : this.listV0(ns),
      ),
    );
    return {
      items: perNamespace.flatMap(p => p.items),
      warnings: perNamespace.flatMap(p => p.warnings),
    };
  }

  private async listV0(namespace: string): Promise<BuildPlaneListResponse> {
    const planes = await this.controlPlane.listBuildPlanes(namespace);
    const items = planes.map((bp, position) =>
      this.summarize(bp, position === 0),
    );
    const warnings =
      planes.length > 1
        ? [
            `Namespace ${namespace} has ${planes.length} BuildPlanes; OpenChoreo uses the first one listed (${planes[0].metadata?.name})`,
          ]
        : [];
    return { items, warnings };
  }

  /**
   * One plane and its live checks. For a v1.x org, `kind` tells a WorkflowPlane from a
   * ClusterWorkflowPlane of the same name; without it the org's own WorkflowPlane is preferred.
   */
  async detail(
    namespace: string,
    name: string,
    kind?: BuildPlaneSummary['kind'],
  ): Promise<BuildPlaneDetail> {
    if ((await this.registry.generations.of(namespace)) === 'v1')
      return this.detailV1(namespace, name, kind);
    const planes = await this.controlPlane.listBuildPlanes(namespace);
    const index = planes.findIndex(p => p.metadata?.name === name);
    if (index < 0)
      throw new NotFoundError(
        `BuildPlane ${namespace}/${name} not found in control plane`,
      );
    const bp = planes[index];
    const summary = this.summarize(bp, index === 0);
    return {
      ...summary,
      ...(await this.checksFor(bp, summary, {
        connect: () => this.registry.connectorFor(bp),
        observer: bp,
        observerApi: 'v0',
      })),
    };
  }

  private async detailV1(
    namespace: string,
    name: string,
    kind: BuildPlaneSummary['kind'] | undefined,
  ): Promise<BuildPlaneDetail> {
    const kinds: WorkflowPlaneKind[] =
      kind === 'WorkflowPlane' || kind === 'ClusterWorkflowPlane'
        ? [kind]
        : ['WorkflowPlane', 'ClusterWorkflowPlane'];
    const planes = await this.registry.listWorkflowPlanes(namespace);
    const resolved = kinds
      .map(k =>
        planes.find(p => p.kind === k && p.plane.metadata?.name === name),
      )
      .find((p): p is ResolvedWorkflowPlane => p !== undefined);
    if (!resolved) {
      throw new NotFoundError(
        `No ${kinds.join(
          ' or ',
        )} named ${name} for namespace ${namespace} in the control plane`,
      );
    }
    const summary = summarizeWorkflowPlane(resolved, {
      namespace,
      plan: this.registry.planWorkflowPlane(resolved),
      active: resolved === activeWorkflowPlane(planes),
      gatewayConfigured: Boolean(this.config.clusterGateway?.url),
    });
    return {
      ...summary,
      ...(await this.checksFor(resolved.plane, summary, {
        connect: () => this.registry.workflowPlaneConnector(resolved),
        observer: observerView(resolved, namespace),
        observerApi: 'v1',
      })),
    };
  }

  /** The plane's live checks: a real run at most once per interval, else the last run's result. */
  private checksFor(
    plane: { metadata?: BuildPlane['metadata'] },
    summary: BuildPlaneSummary,
    how: {
      connect: () => Promise<BuildPlaneConnector>;
      /** The plane as the observer resolver reads it. */
      observer: BuildPlane;
      /** v0: `POST /api/logs/build/{run}`; v1: `POST /api/v1/logs/query`. */
      observerApi: 'v0' | 'v1';
    },
  ): LiveChecks['result'] {
    const key = `${summary.kind}/${summary.namespace}/${summary.name}`;
    const planeVersion = `${plane.metadata?.uid ?? ''}:${
      plane.metadata?.resourceVersion ?? ''
    }`;
    const now = Date.now();
    const cached = this.liveChecks.get(key);
    if (
      cached &&
      cached.planeVersion === planeVersion &&
      now - cached.startedAt < this.liveCheckIntervalMs
    ) {
      return cached.result;
    }
    // Forget expired results so deleted planes do not stay in memory.
    for (const [k, v] of this.liveChecks) {
      if (now - v.startedAt >= this.liveCheckIntervalMs)
        this.liveChecks.delete(k);
    }
    const result = Promise.all([
      ...(summary.mode === 'agent' ? [this.checkGateway()] : []),
      this.checkApi(summary, how.connect),
      this.checkObserver(how.observer, how.observerApi, summary.namespace),
    ]).then(checks => ({ checks, checkedAt: new Date(now).toISOString() }));
    this.liveChecks.set(key, { planeVersion, startedAt: now, result });
    return result;
  }

  private async checkApi(
    summary: BuildPlaneSummary,
    connect: () => Promise<BuildPlaneConnector>,
  ): Promise<ReachabilityCheck> {
    const description =
      summary.mode === 'agent'
        ? `build plane API through the cluster gateway (plane ${summary.agent?.planeID})`
        : `build plane API${
            summary.apiServerURL ? ` at ${summary.apiServerURL}` : ''
          }`;
    if (summary.mode === 'unconfigured') {
      return {
        target: 'kubernetesApi',
        description,
        status: 'skipped',
        message: summary.problems.join('; '),
      };
    }
    const base = {
      target: 'kubernetesApi' as const,
      description,
      url: summary.apiServerURL,
    };
    let connector: BuildPlaneConnector;
    try {
      connector = await connect();
    } catch (error) {
      // The backend's own reasons (refused field, missing Secret): no answer of the plane in it.
      return {
        ...base,
        status: 'failed',
        message: isError(error) ? error.message : String(error),
      };
    }
    const started = Date.now();
    try {
      await connector.probe();
      return { ...base, status: 'ok', latencyMs: Date.now() - started };
    } catch (error) {
      // probe() errors carry the status class only, never the plane's body (its server is input).
      return {
        ...base,
        status: 'failed',
        httpStatus: upstreamStatusOf(error),
        latencyMs: Date.now() - started,
        message: isError(error) ? error.message : String(error),
      };
    }
  }

  private async checkGateway(): Promise<ReachabilityCheck> {
    const gateway = this.config.clusterGateway;
    const description = 'cluster gateway';
    if (!gateway?.url) {
      return {
        target: 'clusterGateway',
        description,
        status: 'failed',
        message: 'openchoreo.build.clusterGateway.url is not configured',
      };
    }
    try {
      const res = await httpRequest(gateway.url, {
        ca: toPemText(gateway.caData),
        cert: toPemText(gateway.clientCert),
        key: toPemText(gateway.clientKey),
        timeoutMs: 5000,
        maxBodyBytes: 1024,
      });
      // Any HTTP answer proves TLS (and the client certificate) were accepted.
      const ok = res.status < 500 && res.status !== 401 && res.status !== 403;
      return {
        target: 'clusterGateway',
        description,
        url: gateway.url,
        status: ok ? 'ok' : 'failed',
        httpStatus: res.status,
        latencyMs: res.latencyMs,
        message: ok ? undefined : `The gateway answered HTTP ${res.status}`,
      };
    } catch (error) {
      return {
        target: 'clusterGateway',
        description,
        url: gateway.url,
        status: 'failed',
        message: `Cannot reach the cluster gateway: ${describeNetworkError(
          error,
        )}`,
      };
    }
  }

  private async checkObserver(
    bp: BuildPlane,
    api: 'v0' | 'v1',
    namespace: string,
  ): Promise<ReachabilityCheck> {
    const description = 'observer (archived build logs)';
    let resolution: ObserverResolution;
    try {
      resolution = await this.registry.resolveObserver(bp);
    } catch (error) {
      return {
        target: 'observer',
        description,
        status: 'failed',
        message: `Cannot read the plane's ObservabilityPlane: ${describeNetworkError(
          error,
        )}`,
      };
    }
    const target = resolution.target;
    if (resolution.refusal) {
      return {
        target: 'observer',
        description,
        url: bp.spec?.observer?.url,
        status: 'failed',
        message: resolution.refusal,
      };
    }
    if (!target) {
      return {
        target: 'observer',
        description,
        status: 'skipped',
        message: resolution.note
          ? `No observer: ${resolution.note}`
          : 'No observer configured for this plane',
      };
    }
    let authorization: string | undefined;
    try {
      authorization = await target.credentials.authorization();
    } catch (error) {
      return {
        target: 'observer',
        description,
        url: target.url,
        status: 'failed',
        message: isError(error) ? error.message : String(error),
      };
    }
    try {
      const probe = observerProbe(api, namespace);
      const res = await httpRequest(`${target.url}${probe.path}`, {
        method: 'POST',
        headers: {
          ...(authorization ? { Authorization: authorization } : {}),
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(probe.body),
        timeoutMs: 5000,
        maxBodyBytes: 1024,
      });
      const rejected = res.status === 401 || res.status === 403;
      const ok = res.status < 500 && !rejected;
      let message: string | undefined;
      if (rejected)
        message = 'The observer rejected the configured credentials';
      else if (!ok) message = `The observer answered HTTP ${res.status}`;
      return {
        target: 'observer',
        description,
        url: target.url,
        status: ok ? 'ok' : 'failed',
        httpStatus: res.status,
        latencyMs: res.latencyMs,
        message,
      };
    } catch (error) {
      return {
        target: 'observer',
        description,
        url: target.url,
        status: 'failed',
        message: `Cannot reach the observer: ${describeNetworkError(error)}`,
      };
    }
  }
}

/**
 * A harmless query of the observer's log API, for a run that does not exist: v0.9
 * `POST /api/logs/build/{run}` (`internal/observer/handlers/handlers.go@v0.9.0`); v1.x
 * `POST /api/v1/logs/query` scoped to a workflow run, with a window under its 30-day limit
 * (`internal/observer/api/handlers/logs.go@v1.2.3`).
 */
function observerProbe(
  api: 'v0' | 'v1',
  namespace: string,
): { path: string; body: object } {
  const now = Date.now();
  if (api === 'v1') {
    return {
      path: '/api/v1/logs/query',
      body: {
        startTime: new Date(now - 86_400_000).toISOString(),
        endTime: new Date(now).toISOString(),
        limit: 1,
        sortOrder: 'desc',
        searchScope: { namespace, workflowRunName: 'reachability-probe' },
      },
    };
  }
  return {
    path: `/api/logs/build/${encodeURIComponent('reachability-probe')}`,
    body: {
      limit: 1,
      sortOrder: 'desc',
      startTime: new Date(0).toISOString(),
      endTime: new Date(now).toISOString(),
    },
  };
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = isError(error) ? error.message : String(error);
  return typeof code === 'string' ? `${code} (${message})` : message;
}

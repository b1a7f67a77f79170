import type {
  BuildPlane,
  BuildPlaneDetail,
  BuildPlaneHealth,
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
import type { BuildPlaneRegistry } from './BuildPlaneRegistry';
import type { ConnectionPlan } from './connectionPlan';
import type { ObserverResolution } from './observerTarget';

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

const DISPLAY_NAME = 'openchoreo.dev/display-name';
const DESCRIPTION = 'openchoreo.dev/description';

function healthOf(bp: BuildPlane, plan: ConnectionPlan): BuildPlaneHealth {
  if (plan.problems.length > 0)
    return { status: 'Degraded', message: plan.problems[0] };
  const agent = bp.status?.agentConnection;
  if (agent?.connected === true)
    return { status: 'Healthy', message: 'Agent connected' };
  if (agent?.connected === false) {
    return {
      status: 'Unreachable',
      message: agent.message ?? 'No agent connected',
    };
  }
  const ready = bp.status?.conditions?.find(c => c.type === 'Ready');
  if (ready) {
    return ready.status === 'True'
      ? { status: 'Healthy', message: ready.message }
      : { status: 'Degraded', message: ready.message ?? ready.reason };
  }
  return {
    status: 'Unknown',
    message: 'Open the build plane to run a live check',
  };
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

  async list(namespaces: string[]): Promise<BuildPlaneListResponse> {
    const perNamespace = await Promise.all(
      namespaces.map(ns => this.controlPlane.listBuildPlanes(ns)),
    );
    const items: BuildPlaneSummary[] = [];
    const warnings: string[] = [];
    perNamespace.forEach((planes, index) => {
      planes.forEach((bp, position) =>
        items.push(this.summarize(bp, position === 0)),
      );
      if (planes.length > 1) {
        warnings.push(
          `Namespace ${namespaces[index]} has ${planes.length} BuildPlanes; OpenChoreo uses the first one listed (${planes[0].metadata?.name})`,
        );
      }
    });
    return { items, warnings };
  }

  async detail(namespace: string, name: string): Promise<BuildPlaneDetail> {
    const planes = await this.controlPlane.listBuildPlanes(namespace);
    const index = planes.findIndex(p => p.metadata?.name === name);
    if (index < 0)
      throw new NotFoundError(
        `BuildPlane ${namespace}/${name} not found in control plane`,
      );
    const bp = planes[index];
    const summary = this.summarize(bp, index === 0);
    return { ...summary, ...(await this.checksFor(bp, summary)) };
  }

  /** The plane's live checks: a real run at most once per interval, else the last run's result. */
  private checksFor(
    bp: BuildPlane,
    summary: BuildPlaneSummary,
  ): LiveChecks['result'] {
    const key = `${summary.namespace}/${summary.name}`;
    const planeVersion = `${bp.metadata?.uid ?? ''}:${
      bp.metadata?.resourceVersion ?? ''
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
      this.checkApi(bp, summary),
      this.checkObserver(bp),
    ]).then(checks => ({ checks, checkedAt: new Date(now).toISOString() }));
    this.liveChecks.set(key, { planeVersion, startedAt: now, result });
    return result;
  }

  private async checkApi(
    bp: BuildPlane,
    summary: BuildPlaneSummary,
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
      connector = await this.registry.connectorFor(bp);
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

  private async checkObserver(bp: BuildPlane): Promise<ReachabilityCheck> {
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
      const res = await httpRequest(
        `${target.url}/api/logs/build/${encodeURIComponent(
          'reachability-probe',
        )}`,
        {
          method: 'POST',
          headers: {
            ...(authorization ? { Authorization: authorization } : {}),
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            limit: 1,
            sortOrder: 'desc',
            startTime: new Date(0).toISOString(),
            endTime: new Date().toISOString(),
          }),
          timeoutMs: 5000,
          maxBodyBytes: 1024,
        },
      );
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

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = isError(error) ? error.message : String(error);
  return typeof code === 'string' ? `${code} (${message})` : message;
}

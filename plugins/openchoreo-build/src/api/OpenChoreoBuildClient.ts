import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AutoBuildResponse,
  BuildPlaneDetail,
  BuildPlaneSummary,
  BuildPlaneListResponse,
  CancelRunResponse,
  ComponentDetail,
  ComponentWorkflowListResponse,
  CreateRunRequest,
  HolosEntityBuildPlans,
  HolosValidationResult,
  RunDetail,
  RunListResponse,
  RunLogPageResponse,
  OpenChoreoComponentRef,
  RunSummary,
  UpdateAutoBuildRequest,
  WebhookDeliveriesResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { startRunEventStream } from './eventStream';
import type {
  OpenChoreoBuildApi,
  RunEventHandlers,
  RunListQuery,
  StepLogHandlers,
  StepLogRef,
  Subscription,
} from './OpenChoreoBuildApi';
import { startLogStream } from './stepLogStream';

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const componentPath = (c: OpenChoreoComponentRef) =>
  `/components/${enc(c.namespace)}/${enc(c.project)}/${enc(c.component)}`;

const autoBuildPath = (c: OpenChoreoComponentRef) =>
  `${componentPath(c)}/autobuild`;

const runLogPath = (namespace: string, runName: string) =>
  `/runs/${enc(namespace)}/${enc(runName)}/logs`;

/**
 * Talks to the backend plugin through Backstage's fetchApi, which adds the user's token. Failed
 * requests reject with a `ResponseError` that carries the backend's error body (message, name).
 *
 * @public
 */
export class OpenChoreoBuildClient implements OpenChoreoBuildApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listBuildPlanes(
    options: { namespace?: string } = {},
  ): Promise<BuildPlaneListResponse> {
    return this.request(
      'GET',
      `/buildplanes${query({ namespace: options.namespace })}`,
    );
  }

  checkBuildPlane(
    namespace: string,
    name: string,
    kind?: BuildPlaneSummary['kind'],
  ): Promise<BuildPlaneDetail> {
    return this.request(
      'GET',
      `/buildplanes/${enc(namespace)}/${enc(name)}${query({ kind })}`,
    );
  }

  listWorkflows(
    options: { namespace?: string } = {},
  ): Promise<ComponentWorkflowListResponse> {
    return this.request(
      'GET',
      `/workflows${query({ namespace: options.namespace })}`,
    );
  }

  listComponentWorkflows(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentWorkflowListResponse> {
    return this.request(
      'GET',
      `${componentPath({ namespace, project, component })}/workflows`,
    );
  }

  getComponent(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentDetail> {
    return this.request(
      'GET',
      componentPath({ namespace, project, component }),
    );
  }

  listRuns(q: RunListQuery = {}): Promise<RunListResponse> {
    const search = query({
      namespace: q.namespace,
      project: q.project,
      component: q.component,
      workflow: q.workflow,
      status: q.statuses?.length ? q.statuses.join(',') : undefined,
      branch: q.branch,
      trigger: q.trigger,
      createdBy: q.createdBy,
      limit: q.limit,
      cursor: q.cursor,
    });
    return this.request('GET', `/runs${search}`);
  }

  getRun(namespace: string, name: string): Promise<RunDetail> {
    return this.request('GET', `/runs/${enc(namespace)}/${enc(name)}`);
  }

  createRun(request: CreateRunRequest): Promise<RunSummary> {
    return this.request('POST', '/runs', request);
  }

  rerunRun(namespace: string, name: string): Promise<RunSummary> {
    return this.request(
      'POST',
      `/runs/${enc(namespace)}/${enc(name)}/rerun`,
      {},
    );
  }

  cancelRun(namespace: string, name: string): Promise<CancelRunResponse> {
    return this.request(
      'POST',
      `/runs/${enc(namespace)}/${enc(name)}/cancel`,
      {},
    );
  }

  subscribeToRunEvents(
    options: { namespace?: string },
    handlers: RunEventHandlers,
  ): Subscription {
    return startRunEventStream(
      async (headers, signal) =>
        this.fetchApi.fetch(
          `${await this.baseUrl()}/events${query({
            namespace: options.namespace,
          })}`,
          {
            headers,
            signal,
          },
        ),
      handlers,
    );
  }

  streamStepLog(
    ref: StepLogRef,
    handlers: StepLogHandlers,
    options: { lastEventId?: string } = {},
  ): Subscription {
    return startLogStream(
      async (headers, signal) =>
        this.fetchApi.fetch(await this.stepLogUrl(ref), { headers, signal }),
      handlers,
      { lastEventId: options.lastEventId },
    );
  }

  async downloadStepLog(ref: StepLogRef): Promise<Blob> {
    const response = await this.fetchApi.fetch(
      `${await this.stepLogUrl(ref)}?download=1`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  getRunLogPage(
    namespace: string,
    runName: string,
    options: { offset?: number; limit?: number } = {},
  ): Promise<RunLogPageResponse> {
    return this.request(
      'GET',
      `${runLogPath(namespace, runName)}${query({
        offset: options.offset,
        limit: options.limit,
      })}`,
    );
  }

  async downloadRunLog(namespace: string, runName: string): Promise<Blob> {
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}${runLogPath(namespace, runName)}?download=1`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return response.blob();
  }

  getAutoBuild(component: OpenChoreoComponentRef): Promise<AutoBuildResponse> {
    return this.request('GET', autoBuildPath(component));
  }

  setAutoBuild(
    component: OpenChoreoComponentRef,
    enabled: boolean,
  ): Promise<AutoBuildResponse> {
    const body: UpdateAutoBuildRequest = { enabled };
    return this.request('PUT', autoBuildPath(component), body);
  }

  listWebhookDeliveries(
    component: OpenChoreoComponentRef,
    options: { limit?: number } = {},
  ): Promise<WebhookDeliveriesResponse> {
    return this.request(
      'GET',
      `${autoBuildPath(component)}/deliveries${query({
        limit: options.limit,
      })}`,
    );
  }

  async validateHolosPlans(text: string): Promise<HolosValidationResult> {
    // Sent as the text it is: the backend reads YAML (a superset of JSON) and reports positions in it.
    const response = await this.fetchApi.fetch(
      `${await this.baseUrl()}/holos/buildplans/validate`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/yaml' },
        body: text,
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as HolosValidationResult;
  }

  getHolosPlans(entityRef: string): Promise<HolosEntityBuildPlans> {
    return this.request('GET', `/holos/buildplans${query({ entityRef })}`);
  }

  private async stepLogUrl(ref: StepLogRef): Promise<string> {
    return `${await this.baseUrl()}/runs/${enc(ref.namespace)}/${enc(
      ref.runName,
    )}/steps/${enc(ref.step)}/logs`;
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('openchoreo-build');
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<T> {
    const baseUrl = await this.baseUrl();
    const init: RequestInit = { method, signal };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

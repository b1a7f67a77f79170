import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  RUN_EVENT_NAMES,
  type BuildPermissionsResponse,
  type BuildPlaneDetail,
  type BuildPlaneListResponse,
  type CancelRunResponse,
  type ComponentDetail,
  type ComponentWorkflowListResponse,
  type CreateRunRequest,
  type RunDetail,
  type RunEvent,
  type RunListResponse,
  type RunStreamControlEvent,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { startEventStream } from './eventStream';
import type {
  BackendHealth,
  OpenChoreoBuildApi,
  RunEventHandlers,
  RunListQuery,
  Subscription,
} from './OpenChoreoBuildApi';

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

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

  getHealth(): Promise<BackendHealth> {
    return this.request<BackendHealth>('GET', '/health');
  }

  getPermissions(): Promise<BuildPermissionsResponse> {
    return this.request('GET', '/permissions');
  }

  listBuildPlanes(options: { namespace?: string } = {}): Promise<BuildPlaneListResponse> {
    return this.request('GET', `/buildplanes${query({ namespace: options.namespace })}`);
  }

  checkBuildPlane(namespace: string, name: string): Promise<BuildPlaneDetail> {
    return this.request('GET', `/buildplanes/${enc(namespace)}/${enc(name)}`);
  }

  listWorkflows(options: { namespace?: string } = {}): Promise<ComponentWorkflowListResponse> {
    return this.request('GET', `/workflows${query({ namespace: options.namespace })}`);
  }

  getComponent(namespace: string, project: string, component: string): Promise<ComponentDetail> {
    return this.request('GET', `/components/${enc(namespace)}/${enc(project)}/${enc(component)}`);
  }

  listRuns(q: RunListQuery = {}): Promise<RunListResponse> {
    const search = query({
      namespace: q.namespace,
      project: q.project,
      component: q.component,
      workflow: q.workflow,
      status: q.status?.length ? q.status.join(',') : undefined,
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
    return this.request('POST', `/runs/${enc(namespace)}/${enc(name)}/rerun`, {});
  }

  cancelRun(namespace: string, name: string): Promise<CancelRunResponse> {
    return this.request('POST', `/runs/${enc(namespace)}/${enc(name)}/cancel`, {});
  }

  subscribeToRunEvents(
    options: { namespace?: string },
    handlers: RunEventHandlers,
  ): Subscription {
    const parse = <T>(data: string): T | undefined => {
      try {
        return JSON.parse(data) as T;
      } catch {
        return undefined;
      }
    };
    return startEventStream({
      connect: async (headers, signal) => {
        const baseUrl = await this.baseUrl();
        return this.fetchApi.fetch(
          `${baseUrl}/events${query({ namespace: options.namespace })}`,
          { headers, signal },
        );
      },
      onStateChange: (state, error) => handlers.onStateChange?.(state, error),
      onMessage: message => {
        switch (message.event) {
          case RUN_EVENT_NAMES.run: {
            const event = parse<RunEvent>(message.data);
            if (event?.run) handlers.onRun(event);
            break;
          }
          case RUN_EVENT_NAMES.ready: {
            handlers.onReady?.(parse<RunStreamControlEvent>(message.data) ?? { namespaces: [] });
            break;
          }
          case RUN_EVENT_NAMES.reset: {
            handlers.onReset?.(parse<RunStreamControlEvent>(message.data) ?? { namespaces: [] });
            break;
          }
          case RUN_EVENT_NAMES.error: {
            const body = parse<{ message?: string }>(message.data);
            handlers.onStateChange?.('reconnecting', new Error(body?.message ?? message.data));
            break;
          }
          default:
            break;
        }
      },
    });
  }

  private baseUrl(): Promise<string> {
    return this.discoveryApi.getBaseUrl('openchoreo-build');
  }

  private async request<T>(
    method: 'GET' | 'POST',
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

import type {
  AutoBuildResponse,
  BuildPlaneDetail,
  BuildPlaneListResponse,
  BuildPlaneSummary,
  CancelRunResponse,
  ComponentDetail,
  ComponentWorkflowListResponse,
  CreateRunRequest,
  HolosEntityBuildPlans,
  HolosValidationResult,
  OpenChoreoComponentRef,
  RunDetail,
  RunEvent,
  RunListResponse,
  RunLogPageResponse,
  RunSummary,
  WebhookDeliveriesResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  OpenChoreoBuildApi,
  RunEventHandlers,
  RunListQuery,
  StepLogHandlers,
  StepLogRef,
  Subscription,
} from '../api';
import {
  autoBuildState,
  componentDetail,
  runDetail,
  runSummary,
} from './fixtures';

/** An open `/events` subscription of {@link MockOpenChoreoBuildApi}. @public */
export interface MockRunEventSubscription {
  /** The organization it asked for (all when undefined). */
  namespace?: string;
  handlers: RunEventHandlers;
  closed: boolean;
}

/**
 * An in-memory {@link OpenChoreoBuildApi} for tests and storybooks of apps that build on the plugin
 * (use it with `TestApiProvider` and `openChoreoBuildApiRef`). Every method answers what an empty
 * organization would, or the sample run / component of the fixtures; pass overrides for the
 * methods a test cares about. The live event stream is controlled with {@link MockOpenChoreoBuildApi.emit} and
 * {@link MockOpenChoreoBuildApi.reset}; step logs never answer.
 *
 * @public
 */
export class MockOpenChoreoBuildApi implements OpenChoreoBuildApi {
  /** Open and closed `/events` subscriptions, oldest first. */
  readonly subscriptions: MockRunEventSubscription[] = [];

  constructor(overrides: Partial<OpenChoreoBuildApi> = {}) {
    // Own properties shadow the prototype's methods, so an override replaces just that method.
    Object.assign(this, overrides);
  }

  /** Sends a run event to every open subscription of its organization. */
  emit(event: RunEvent): void {
    for (const s of this.subscriptions) {
      if (!s.closed && (!s.namespace || s.namespace === event.namespace))
        s.handlers.onRun(event);
    }
  }

  /** Tells every open subscription to reload (the backend's `reset`). */
  reset(): void {
    for (const s of this.subscriptions) {
      if (!s.closed) s.handlers.onReset?.({ namespaces: [], reason: 'test' });
    }
  }

  async listBuildPlanes(): Promise<BuildPlaneListResponse> {
    return { items: [], warnings: [] };
  }

  async checkBuildPlane(
    namespace: string,
    name: string,
    kind?: BuildPlaneSummary['kind'],
  ): Promise<BuildPlaneDetail> {
    throw new Error(
      `The mock has no build plane ${
        kind ?? 'BuildPlane'
      } ${namespace}/${name}: override checkBuildPlane to answer one`,
    );
  }

  async listWorkflows(): Promise<ComponentWorkflowListResponse> {
    return { items: [] };
  }

  async listComponentWorkflows(): Promise<ComponentWorkflowListResponse> {
    return { items: [] };
  }

  async getComponent(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentDetail> {
    return componentDetail({ namespace, project, name: component });
  }

  async listRuns(_query?: RunListQuery): Promise<RunListResponse> {
    return { items: [] };
  }

  async getRun(namespace: string, name: string): Promise<RunDetail> {
    return runDetail({ namespace, name });
  }

  async createRun(request: CreateRunRequest): Promise<RunSummary> {
    return runSummary({
      namespace: request.namespace,
      project: request.project,
      component: request.component,
      workflow: request.workflow ?? 'docker',
      name: `${request.component}-workflow-new`,
      status: 'Pending',
      startedAt: undefined,
      completedAt: undefined,
      durationSeconds: undefined,
    });
  }

  async rerunRun(namespace: string, name: string): Promise<RunSummary> {
    return runSummary({ namespace, name: `${name}-rerun`, status: 'Pending' });
  }

  async cancelRun(namespace: string, name: string): Promise<CancelRunResponse> {
    return {
      run: runSummary({ namespace, name, status: 'Running' }),
      workflow: {
        name,
        namespace: `openchoreo-ci-${namespace}`,
        buildPlane: 'default',
      },
    };
  }

  subscribeToRunEvents(
    options: { namespace?: string },
    handlers: RunEventHandlers,
  ): Subscription {
    const entry: MockRunEventSubscription = {
      namespace: options.namespace,
      handlers,
      closed: false,
    };
    this.subscriptions.push(entry);
    handlers.onStateChange?.('open');
    handlers.onReady?.({
      namespaces: options.namespace ? [options.namespace] : [],
    });
    return {
      close: () => {
        entry.closed = true;
      },
    };
  }

  streamStepLog(_ref: StepLogRef, _handlers: StepLogHandlers): Subscription {
    return { close: () => {} };
  }

  async downloadStepLog(): Promise<Blob> {
    return new Blob(['']);
  }

  async getRunLogPage(): Promise<RunLogPageResponse> {
    return { lines: [], steps: [], complete: true, nextOffset: 0 };
  }

  async downloadRunLog(): Promise<Blob> {
    return new Blob(['']);
  }

  async getAutoBuild(
    component: OpenChoreoComponentRef,
  ): Promise<AutoBuildResponse> {
    return autoBuildState({ ...component });
  }

  async setAutoBuild(
    component: OpenChoreoComponentRef,
    enabled: boolean,
  ): Promise<AutoBuildResponse> {
    return autoBuildState({ ...component, autoBuild: enabled });
  }

  async listWebhookDeliveries(
    component: OpenChoreoComponentRef,
  ): Promise<WebhookDeliveriesResponse> {
    return { ...component, items: [] };
  }

  async validateHolosPlans(): Promise<HolosValidationResult> {
    return { valid: true, plans: [], platforms: [] };
  }

  async getHolosPlans(entityRef: string): Promise<HolosEntityBuildPlans> {
    return {
      entityRef,
      location: 'url:https://example.com/buildplans.yaml',
      valid: true,
      plans: [],
      platforms: [],
    };
  }
}

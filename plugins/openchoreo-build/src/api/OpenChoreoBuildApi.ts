import { createApiRef } from '@backstage/core-plugin-api';
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
  OpenChoreoComponentRef,
  RunDetail,
  RunLogPageResponse,
  RunEvent,
  RunFilter,
  RunListResponse,
  RunStreamControlEvent,
  RunSummary,
  StepLogEndEvent,
  StepLogLine,
  StepLogSource,
  WebhookDeliveriesResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * Filters (the shared {@link @openchoreo-build/plugin-openchoreo-build-common#RunFilter}) and
 * paging of `GET /runs`. `createdBy` also takes `me`: the backend reads it as the signed-in
 * user's entity ref. Live events are matched with `runMatchesFilter`, which compares refs as
 * they are: for a live list of "mine", pass the user's own ref (identityApi) instead.
 *
 * @public
 */
export interface RunListQuery extends RunFilter {
  limit?: number;
  cursor?: string;
}

/**
 * State of the `/events` subscription, for a "live" indicator. `failed`: the backend refused the
 * stream (e.g. 401, 403) and it is not retried; the error says why.
 *
 * @public
 */
export type RunEventStreamState =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'failed'
  | 'closed';

/** Callbacks of {@link OpenChoreoBuildApi.subscribeToRunEvents}. @public */
export interface RunEventHandlers {
  /** A run was added, modified or deleted. */
  onRun(event: RunEvent): void;
  /** The stream is (re)connected and live from now on. */
  onReady?(event: RunStreamControlEvent): void;
  /**
   * The stream could not resume where it stopped (or had to reconnect without a position):
   * events may have been missed, so lists should be fetched again.
   */
  onReset?(event: RunStreamControlEvent): void;
  /** Connection state changes (connecting, open, reconnecting or failed, with the error). */
  onStateChange?(state: RunEventStreamState, error?: Error): void;
}

/**
 * State of a step log stream: `ended` after the step's last line, `failed` when the backend
 * refused the stream or reported a fatal error.
 *
 * @public
 */
export type LogStreamState =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'ended'
  | 'failed'
  | 'closed';

/** One step of one run, as the log routes name it. @public */
export interface StepLogRef {
  /** Organization (namespace) of the run. */
  namespace: string;
  /** Name of the ComponentWorkflowRun. */
  runName: string;
  /** Step name (e.g. `build-step`) or step id. */
  step: string;
}

/** Callbacks of {@link OpenChoreoBuildApi.streamStepLog}. @public */
export interface StepLogHandlers {
  onLines(lines: StepLogLine[]): void;
  onSource?(source: StepLogSource, detail?: string): void;
  onWaiting?(message: string): void;
  onEnd?(event: StepLogEndEvent): void;
  /** A problem: `fatal` ones end the stream (e.g. 404 unknown step). */
  onError?(error: StepLogStreamError): void;
  onStateChange?(state: LogStreamState): void;
}

/**
 * A log stream problem: an `error` event of the stream (the server's `StepLogErrorEvent`), or an
 * HTTP answer that refused it (`status`). `message` is the server's words; an HTTP answer without
 * a readable body has none, and the viewer tells the status in the user's language.
 *
 * @public
 */
export interface StepLogStreamError {
  /** The server's words; absent for an HTTP answer without a readable body. */
  message?: string;
  /** The HTTP status of a refused stream. */
  status?: number;
  /** True when the stream ended with it (it does not reconnect). */
  fatal: boolean;
}

/** A live subscription; call `close()` to end it. @public */
export interface Subscription {
  close(): void;
}

/**
 * The frontend's view of the OpenChoreo Build backend: one method per route.
 *
 * @public
 */
export interface OpenChoreoBuildApi {
  listBuildPlanes(options?: {
    namespace?: string;
  }): Promise<BuildPlaneListResponse>;
  /**
   * One plane with a live reachability check of its API / gateway / observer ("check now").
   * `kind` picks between a v1.x WorkflowPlane and ClusterWorkflowPlane of the same name.
   */
  checkBuildPlane(
    namespace: string,
    name: string,
    kind?: BuildPlaneSummary['kind'],
  ): Promise<BuildPlaneDetail>;
  /** Every ComponentWorkflow of the platform (the Workflows page; needs `openchoreo.build.workflow.read`). */
  listWorkflows(options?: {
    namespace?: string;
  }): Promise<ComponentWorkflowListResponse>;
  /**
   * The workflows one component may be built with, for the Start build form: answered to whoever
   * may start builds of the component (`openchoreo.build.run.create` on its catalog entity).
   */
  listComponentWorkflows(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentWorkflowListResponse>;
  /** An OpenChoreo Component with its `spec.workflow` (the defaults of a new run). */
  getComponent(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentDetail>;
  listRuns(query?: RunListQuery): Promise<RunListResponse>;
  getRun(namespace: string, name: string): Promise<RunDetail>;
  createRun(request: CreateRunRequest): Promise<RunSummary>;
  rerunRun(namespace: string, name: string): Promise<RunSummary>;
  cancelRun(namespace: string, name: string): Promise<CancelRunResponse>;
  /** Live run changes from `GET /events`, resumed with Last-Event-ID after a drop. */
  subscribeToRunEvents(
    options: { namespace?: string },
    handlers: RunEventHandlers,
  ): Subscription;
  /**
   * Follows one step's log (`GET …/steps/:step/logs` as text/event-stream), resumed with
   * Last-Event-ID after a drop; `lastEventId` starts after a line already shown.
   */
  streamStepLog(
    ref: StepLogRef,
    handlers: StepLogHandlers,
    options?: { lastEventId?: string },
  ): Subscription;
  /** The whole log of one step as text (`?download=1`). */
  downloadStepLog(ref: StepLogRef): Promise<Blob>;
  /**
   * One page of a run's whole log from the observer archive (`GET /runs/:ns/:name/logs`): every
   * step's lines in time order, each tagged with its step. For runs whose Workflow expired.
   */
  getRunLogPage(
    namespace: string,
    runName: string,
    options?: { offset?: number; limit?: number },
  ): Promise<RunLogPageResponse>;
  /** A run's whole log as text (`GET /runs/:ns/:name/logs?download=1`). */
  downloadRunLog(namespace: string, runName: string): Promise<Blob>;
  /** Whether pushes build this component, and its webhook URLs (`GET …/autobuild`). */
  getAutoBuild(component: OpenChoreoComponentRef): Promise<AutoBuildResponse>;
  /** Switches auto-build (`PUT …/autobuild`); answers the new state. */
  setAutoBuild(
    component: OpenChoreoComponentRef,
    enabled: boolean,
  ): Promise<AutoBuildResponse>;
  /**
   * The component's recent webhook deliveries, newest first (`GET …/autobuild/deliveries`;
   * `limit` 1–100, default 20).
   */
  listWebhookDeliveries(
    component: OpenChoreoComponentRef,
    options?: { limit?: number },
  ): Promise<WebhookDeliveriesResponse>;
  /**
   * Analyses Holos render plans (`POST /holos/buildplans/validate`): YAML or JSON text holding one
   * BuildPlan, a Platform, or a stream of plans as `holos show buildplans` prints them. Text that
   * cannot be read, or a document of another kind, rejects with a 400 whose message names the line
   * and the field.
   */
  validateHolosPlans(text: string): Promise<HolosValidationResult>;
  /**
   * The Holos render plans of a catalog entity (`GET /holos/buildplans?entityRef=`), read from the
   * location its `holos.run/buildplans` annotation names; 404 when there is no annotation or file.
   */
  getHolosPlans(entityRef: string): Promise<HolosEntityBuildPlans>;
}

/**
 * @public
 */
export const openChoreoBuildApiRef = createApiRef<OpenChoreoBuildApi>({
  id: 'plugin.openchoreo-build.service',
});

import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BuildPermissionsResponse,
  BuildPlaneDetail,
  BuildPlaneListResponse,
  CancelRunResponse,
  ComponentDetail,
  ComponentWorkflowListResponse,
  CreateRunRequest,
  RunDetail,
  RunEvent,
  RunListResponse,
  RunStatus,
  RunStreamControlEvent,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** What the backend's health route answers. @public */
export interface BackendHealth {
  status: 'ok';
}

/** Filters and paging of `GET /runs`. @public */
export interface RunListQuery {
  namespace?: string;
  project?: string;
  component?: string;
  /** The run's ComponentWorkflow (`spec.workflow.name`). */
  workflow?: string;
  status?: RunStatus[];
  limit?: number;
  cursor?: string;
}

/** State of the `/events` subscription, for a "live" indicator. @public */
export type RunEventStreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

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
  /** Connection state changes (connecting, open, reconnecting after an error). */
  onStateChange?(state: RunEventStreamState, error?: Error): void;
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
  getHealth(): Promise<BackendHealth>;
  getPermissions(): Promise<BuildPermissionsResponse>;
  listBuildPlanes(options?: { namespace?: string }): Promise<BuildPlaneListResponse>;
  /** One BuildPlane with a live reachability check of its API / gateway / observer ("check now"). */
  checkBuildPlane(namespace: string, name: string): Promise<BuildPlaneDetail>;
  listWorkflows(options?: { namespace?: string }): Promise<ComponentWorkflowListResponse>;
  /** An OpenChoreo Component with its `spec.workflow` (the defaults of a new run). */
  getComponent(namespace: string, project: string, component: string): Promise<ComponentDetail>;
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
}

/**
 * @public
 */
export const openChoreoBuildApiRef = createApiRef<OpenChoreoBuildApi>({
  id: 'plugin.openchoreo-build.service',
});

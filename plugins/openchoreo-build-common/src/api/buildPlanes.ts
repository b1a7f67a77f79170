import type { RunCondition } from './runs';

/**
 * How the backend reaches a build plane:
 * - `direct`: the plane's Kubernetes API with credentials from the BuildPlane (v0.3 `credentials`,
 *   v0.4–v0.8 `server`/`tls`/`auth`);
 * - `agent`: through the cluster gateway to the plane's agent (v0.7 `agent.enabled`, v0.9
 *   `clusterAgent`); no watch and no log follow there, so live data is polled;
 * - `unconfigured`: the BuildPlane names no way in (the backend cannot reach it).
 *
 * @public
 */
export type BuildPlaneMode = 'direct' | 'agent' | 'unconfigured';

/** Which BuildPlane CRD generation the object's spec follows. @public */
export type BuildPlaneGeneration =
  | 'v0.3'
  | 'v0.4-v0.8'
  | 'v0.9+'
  /** A v1.x WorkflowPlane or ClusterWorkflowPlane. */
  | 'v1'
  | 'unknown';

/**
 * How the backend authenticates to the plane's API (never the credential itself):
 * `clientCertificate`, `bearerToken`, `gatewayClientCertificate` (agent mode) or `none`.
 *
 * @public
 */
export type BuildPlaneAuthMethod =
  | 'clientCertificate'
  | 'bearerToken'
  | 'gatewayClientCertificate'
  | 'none';

/** Where archived build logs come from for this plane. Never contains the password or token. @public */
export interface BuildPlaneObserverInfo {
  /**
   * `inline` (spec.observer, v0.3–v0.7), `observabilityPlane` (the `observerURL` of the
   * ObservabilityPlane named by `observabilityPlaneRef`, v0.8+; the URL is read when the plane is
   * checked), `config` (openchoreo.build.observer.url).
   */
  source: 'inline' | 'observabilityPlane' | 'config' | 'none';
  url?: string;
  observabilityPlaneRef?: string;
  /** `jwt`: OAuth2 client-credentials tokens, as the v0.9 observer expects. */
  authentication: 'basic' | 'bearer' | 'jwt' | 'none';
}

/** Agent (cluster gateway) details of an agent-mode plane. @public */
export interface BuildPlaneAgentInfo {
  /** The id the gateway routes on: `spec.planeID`, else `metadata.name`. */
  planeID: string;
  /** Whether `openchoreo.build.clusterGateway.url` is configured in the backend. */
  gatewayConfigured: boolean;
  /** From `status.agentConnection` (v0.12+); absent on older control planes. */
  connected?: boolean;
  connectedAgents?: number;
  lastHeartbeatTime?: string;
}

/** What the backend can do with this plane. @public */
export interface BuildPlaneCapabilities {
  /** Kubernetes watches work (false through the gateway, which answers 501). */
  watch: boolean;
  /** `pods/log?follow=true` works (false through the gateway: logs are polled). */
  followLogs: boolean;
}

/** Health as known without contacting the plane (`GET /buildplanes`). @public */
export interface BuildPlaneHealth {
  status: 'Healthy' | 'Degraded' | 'Unreachable' | 'Unknown';
  message?: string;
}

/** One BuildPlane, as listed by `GET /buildplanes`. Contains no credential. @public */
export interface BuildPlaneSummary {
  /** The organization; for a v1 `ClusterWorkflowPlane`, the organization it was listed for. */
  namespace: string;
  name: string;
  /** `BuildPlane` (v0), `WorkflowPlane` or `ClusterWorkflowPlane` (v1). */
  kind: 'BuildPlane' | 'WorkflowPlane' | 'ClusterWorkflowPlane';
  displayName?: string;
  description?: string;
  createdAt?: string;
  generation: BuildPlaneGeneration;
  mode: BuildPlaneMode;
  authMethod: BuildPlaneAuthMethod;
  /** Direct mode: the API server URL (an address, not a secret). */
  apiServerURL?: string;
  agent?: BuildPlaneAgentInfo;
  observer: BuildPlaneObserverInfo;
  capabilities: BuildPlaneCapabilities;
  /** True for the plane OpenChoreo's controllers use for this org: the first one listed. */
  active: boolean;
  health: BuildPlaneHealth;
  /** Raw `status.conditions` (v0.12+). */
  conditions: RunCondition[];
  /** Configuration problems the backend found (e.g. a missing gateway URL). */
  problems: string[];
}

/** `GET /buildplanes` response. @public */
export interface BuildPlaneListResponse {
  items: BuildPlaneSummary[];
  /** E.g. "namespace default has 2 BuildPlanes; OpenChoreo uses the first one listed (a)". */
  warnings: string[];
}

/** Result of one live reachability probe. @public */
export interface ReachabilityCheck {
  target: 'kubernetesApi' | 'clusterGateway' | 'observer';
  /** What was probed, e.g. "build plane API at https://…" (no credential). */
  description: string;
  url?: string;
  status: 'ok' | 'failed' | 'skipped';
  httpStatus?: number;
  latencyMs?: number;
  message?: string;
}

/** `GET /buildplanes/:ns/:name` response: the summary plus live checks. @public */
export interface BuildPlaneDetail extends BuildPlaneSummary {
  checks: ReachabilityCheck[];
  checkedAt: string;
}

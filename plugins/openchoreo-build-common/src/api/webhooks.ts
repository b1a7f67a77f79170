/** The Git providers whose push webhooks start builds. @public */
export type WebhookProvider = 'github' | 'gitlab' | 'bitbucket';

/** Every supported provider, in display order. @public */
export const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = [
  'github',
  'gitlab',
  'bitbucket',
];

/**
 * `GET /components/:ns/:project/:component/autobuild` (and the answer of `PUT` on the same path).
 *
 * @public
 */
export interface AutoBuildResponse {
  namespace: string;
  project: string;
  component: string;
  /** `Component.spec.autoBuild` (absent counts as false). */
  autoBuild: boolean;
  /** The URL to give each provider's webhook settings (the backend's external URL). */
  webhookUrls: Record<WebhookProvider, string>;
  /** Whether the caller holds `openchoreo.build.autobuild.update`. */
  canUpdate: boolean;
  /** What the webhook matches this component by: repository URL, branch and appPath from `spec.workflow`. */
  repository?: { url?: string; branch?: string; appPath?: string };
  /**
   * Whether pushes must be to the component's branch: v0 `openchoreo.build.webhooks.requireBranchMatch`;
   * v1 true exactly when the component has a branch (OpenChoreo v1.2.3's rule, whatever the config).
   */
  requireBranchMatch: boolean;
  /**
   * Why no push can build the component although it may have autoBuild on (v1: its Workflow marks
   * no `x-openchoreo-component-parameter-repository-url`, does not exist, or its URL is empty).
   */
  repositoryProblem?: string;
}

/** Body of `PUT /components/:ns/:project/:component/autobuild`. @public */
export interface UpdateAutoBuildRequest {
  enabled: boolean;
}

/**
 * Answer of `POST /webhooks/:provider`. The caller is not authenticated, and providers show the
 * answer to every admin of the repository, so it names no component, namespace or run (the audit
 * event `webhook-receive` records them): only what the delivery itself said, and counts.
 *
 * @public
 */
export interface WebhookResponse {
  provider: WebhookProvider;
  /** `X-GitHub-Delivery`, GitLab's `Idempotency-Key` (else `X-Gitlab-Event-UUID`) or Bitbucket's `X-Request-UUID`. */
  deliveryId: string;
  /** The provider's event name (`push`, `Push Hook`, `repo:push`, `ping`, …). */
  event: string;
  /** False for events that never start builds (pings, tag pushes, branch deletions, other event types). */
  handled: boolean;
  /** True when every build this push asks for was already started by an earlier delivery: nothing new was created. */
  duplicate: boolean;
  message: string;
  /** Repository, branch and commit as the payload gave them. */
  repository?: string;
  branch?: string;
  commit?: string;
  /** Runs this delivery created. */
  runsStarted: number;
  /** Builds an earlier delivery of the same push (same id, or same commit within the replay window) already started. */
  runsAlreadyStarted: number;
  /** Builds that could not be started (the reasons are in the portal's log). */
  runsFailed: number;
}

/**
 * What a verified delivery came to, as the delivery log records it: `created` (builds started),
 * `duplicate` (every build it asks for was started by an earlier delivery), `ignored` (not an event
 * that builds, or no component matched), `failed` (no build could be started, or the delivery
 * could not be processed), `partial` (some builds started, some failed).
 *
 * @public
 */
export type WebhookDeliveryOutcome =
  | 'created'
  | 'duplicate'
  | 'ignored'
  | 'failed'
  | 'partial';

/** Every delivery outcome. @public */
export const WEBHOOK_DELIVERY_OUTCOMES: readonly WebhookDeliveryOutcome[] = [
  'created',
  'duplicate',
  'ignored',
  'failed',
  'partial',
];

/**
 * What one delivery did for one component: `created` a run, found it `duplicate` (an earlier
 * delivery of the same push built it), or `failed` to start its build.
 *
 * @public
 */
export type WebhookComponentOutcome = 'created' | 'duplicate' | 'failed';

/**
 * One delivery that concerned a component, as `GET …/autobuild/deliveries` lists it. Only
 * deliveries whose signature was verified are recorded; never their payload, headers or secrets.
 *
 * @public
 */
export interface WebhookDelivery {
  /** The log entry's id (a redelivery of the same delivery id is another entry). */
  id: string;
  /** When the portal received it (ISO 8601). */
  receivedAt: string;
  provider: WebhookProvider;
  /** The provider's delivery id (see {@link WebhookResponse.deliveryId}). */
  deliveryId: string;
  /** The provider's event name (`push`, `Push Hook`, `repo:push`). */
  event: string;
  /** The repository URL as the payload gave it. */
  repository?: string;
  /** The branch and commit that concerned this component (a push may update several branches). */
  branch?: string;
  commit?: string;
  /** What the delivery as a whole came to, and the message its provider was answered. */
  outcome: WebhookDeliveryOutcome;
  message: string;
  /** What it did for this component. */
  componentOutcome: WebhookComponentOutcome;
  /** Why this component's build did not start (`componentOutcome: failed`). */
  error?: string;
  /** The runs of this component it started (at most one today). */
  runs: Array<{ namespace: string; name: string }>;
}

/** `GET /components/:ns/:project/:component/autobuild/deliveries?limit=`. @public */
export interface WebhookDeliveriesResponse {
  namespace: string;
  project: string;
  component: string;
  /** Newest first, at most `limit`. */
  items: WebhookDelivery[];
}

/** `limit` of `GET …/autobuild/deliveries`: the default and the largest accepted. @public */
export const WEBHOOK_DELIVERIES_LIMIT = { default: 20, max: 100 } as const;

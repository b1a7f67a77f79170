import type { RunSummary } from './runs';

/** The Git providers whose push webhooks start builds. @public */
export type WebhookProvider = 'github' | 'gitlab' | 'bitbucket';

/** Every supported provider, in display order. @public */
export const WEBHOOK_PROVIDERS: readonly WebhookProvider[] = ['github', 'gitlab', 'bitbucket'];

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
  /** Whether pushes must be to the component's branch (`openchoreo.build.webhooks.requireBranchMatch`). */
  requireBranchMatch: boolean;
}

/** Body of `PUT /components/:ns/:project/:component/autobuild`. @public */
export interface UpdateAutoBuildRequest {
  enabled: boolean;
}

/** What happened to one component a webhook push matched. @public */
export interface WebhookComponentResult {
  namespace: string;
  project: string;
  component: string;
  /** `created`: a new run; `duplicate`: this delivery already created one; `failed`: see `error`. */
  outcome: 'created' | 'duplicate' | 'failed';
  run?: RunSummary;
  /** Name of the run an earlier delivery of the same event created (outcome `duplicate`). */
  existingRun?: string;
  error?: string;
}

/** Answer of `POST /webhooks/:provider`. @public */
export interface WebhookResponse {
  provider: WebhookProvider;
  /** `X-GitHub-Delivery`, `X-Gitlab-Event-UUID` or Bitbucket's `X-Request-UUID`. */
  deliveryId?: string;
  /** The provider's event name (`push`, `Push Hook`, `repo:push`, `ping`, …). */
  event: string;
  /** False for events that never start builds (pings, tag pushes, branch deletions, other event types). */
  handled: boolean;
  /** True when this delivery id was seen before: nothing new was created. */
  duplicate: boolean;
  message: string;
  repository?: string;
  branch?: string;
  commit?: string;
  /** Every component the push matched, with what happened to it. */
  components: WebhookComponentResult[];
  /** The runs this request created (empty for a duplicate or ignored event). */
  runs: RunSummary[];
}

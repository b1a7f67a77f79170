import { createHash } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError, isError } from '@backstage/errors';
import type {
  Component,
  ComponentWorkflowRun,
  RunSummary,
  WebhookComponentResult,
  WebhookProvider,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import { ControlPlane } from '../controlplane/ControlPlane';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import type { RunInformers } from '../informer/RunInformers';
import { RunService } from '../runs/RunService';
import type { WebhookConfig } from './config';
import { DeliveryCache } from './deliveryCache';
import { matchComponents, type ComponentMatch } from './matching';
import { deliveryIdOf, PARSERS, type Headers, type ParsedEvent } from './pushEvents';
import type { WebhookSecrets } from './secrets';
import { verifyDelivery } from './signatures';

/** Labels and annotations on runs a webhook created (OpenChoreo sets none of these itself). */
export const WEBHOOK_RUN_METADATA = {
  /** Label: sha256 of `<provider>:<delivery id>` (40 hex), so a restarted backend still finds the runs of a delivery. */
  deliveryLabel: 'openchoreo.dev/webhook-delivery',
  /** Label: the provider. */
  providerLabel: 'openchoreo.dev/webhook-provider',
  /** Annotation: the provider's delivery id as sent. */
  deliveryAnnotation: 'openchoreo.dev/webhook-delivery-id',
} as const;

export function deliveryHash(provider: WebhookProvider, deliveryId: string): string {
  return createHash('sha256').update(`${provider}:${deliveryId}`).digest('hex').slice(0, 40);
}

/** The result of one delivery and the HTTP status to answer it with. */
export interface WebhookOutcome {
  status: number;
  body: WebhookResponse;
}

/** Adds the delivery's labels and annotations to every run created through it. */
class DeliveryControlPlane extends ControlPlane {
  constructor(
    base: ControlPlane,
    private readonly labels: Record<string, string>,
    private readonly annotations: Record<string, string>,
  ) {
    super(base.kubernetes);
  }

  override createRun(namespace: string, run: ComponentWorkflowRun): Promise<ComponentWorkflowRun> {
    const metadata = run.metadata ?? {};
    return super.createRun(namespace, {
      ...run,
      metadata: {
        ...metadata,
        labels: { ...metadata.labels, ...this.labels },
        annotations: { ...metadata.annotations, ...this.annotations },
      },
    });
  }
}

/** Status of an error for the per-component outcome (5xx: worth a redelivery). */
function statusOf(error: unknown): number {
  const record = error as { statusCode?: unknown; status?: unknown };
  if (typeof record?.statusCode === 'number') return record.statusCode;
  if (typeof record?.status === 'number') return record.status;
  return isError(error) && error.name === 'InputError' ? 400 : 500;
}

/** The JSON a provider sent: a JSON body, or GitHub's form encoding (`payload=<json>`). */
export function decodeBody(rawBody: Buffer, contentType: string | undefined): unknown {
  const text = rawBody.toString('utf8');
  let json = text;
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null) throw new InputError('Invalid body: form-encoded delivery without a "payload" field');
    json = payload;
  }
  if (!json.trim()) throw new InputError('Invalid body: empty');
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new InputError(`Invalid body: not JSON (${isError(error) ? error.message : String(error)})`);
  }
}

/**
 * Auto-build on push: verifies a provider's delivery, finds the components it should build and
 * creates one ComponentWorkflowRun each through RunService (so runs are validated exactly as
 * `POST /runs` validates them), at most once per delivery id.
 */
export class WebhookService {
  private readonly deliveries: DeliveryCache<WebhookOutcome>;

  constructor(
    private readonly options: {
      controlPlane: ControlPlane;
      registry: BuildPlaneRegistry;
      secrets: WebhookSecrets;
      config: WebhookConfig;
      namespaces: string[];
      logger: LoggerService;
      /** Runs a delivery created join their org's informer at once, as `POST /runs` runs do. */
      informers: RunInformers;
      dedupeCapacity?: number;
    },
  ) {
    this.deliveries = new DeliveryCache(options.dedupeCapacity ?? 1000);
  }

  async handle(provider: WebhookProvider, headers: Headers, rawBody: Buffer): Promise<WebhookOutcome> {
    const secret = await this.options.secrets.get(provider);
    const rejected = verifyDelivery(provider, secret, headers, rawBody);
    if (rejected) throw new AuthenticationError(`Webhook delivery rejected: ${rejected}`);

    const contentType = Array.isArray(headers['content-type']) ? headers['content-type'][0] : headers['content-type'];
    const event = PARSERS[provider](headers, decodeBody(rawBody, contentType));
    const deliveryId = deliveryIdOf(provider, headers);
    if (event.kind === 'ignored') {
      return {
        status: 202,
        body: {
          provider,
          deliveryId,
          event: event.event,
          handled: false,
          duplicate: false,
          message: `${event.reason}. Nothing was created.`,
          repository: event.repository,
          components: [],
          runs: [],
        },
      };
    }
    if (!deliveryId) return this.process(provider, undefined, event);

    const key = deliveryHash(provider, deliveryId);
    const seen = this.deliveries.get(key);
    if (seen) return { status: 200, body: this.asDuplicate(seen.body) };
    const { value, shared } = await this.deliveries.run(key, () => this.process(provider, deliveryId, event));
    if (shared) return { status: 200, body: this.asDuplicate(value.body) };
    // A delivery with failures is not remembered: its redelivery retries what failed.
    if (value.status === 200) this.deliveries.remember(key, value);
    return value;
  }

  private asDuplicate(previous: WebhookResponse): WebhookResponse {
    const components = previous.components.map(c =>
      c.outcome === 'created'
        ? { namespace: c.namespace, project: c.project, component: c.component, outcome: 'duplicate' as const, existingRun: c.run?.name }
        : c,
    );
    return {
      ...previous,
      duplicate: true,
      components,
      runs: [],
      message: `Delivery ${previous.deliveryId} was already processed: nothing new was created.`,
    };
  }

  private async listComponents(): Promise<Component[]> {
    const lists = await Promise.all(
      this.options.namespaces.map(async namespace =>
        (await this.options.controlPlane.kubernetes.list<Component>(RESOURCE_TYPES.component, namespace)).items.map(c => ({
          ...c,
          metadata: { ...c.metadata, namespace: c.metadata?.namespace ?? namespace },
        })),
      ),
    );
    return lists.flat();
  }

  /** Runs an earlier delivery with this id created, by `<namespace>/<component>`. */
  private async existingRuns(namespaces: string[], hash: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    await Promise.all(
      namespaces.map(async namespace => {
        const list = await this.options.controlPlane.listRuns(namespace, {
          labelSelector: `${WEBHOOK_RUN_METADATA.deliveryLabel}=${hash}`,
        });
        for (const run of list.items) {
          const component = run.spec?.owner?.componentName;
          if (component && run.metadata?.name) found.set(`${namespace}/${component}`, run.metadata.name);
        }
      }),
    );
    return found;
  }

  private async process(
    provider: WebhookProvider,
    deliveryId: string | undefined,
    event: Extract<ParsedEvent, { kind: 'push' }>,
  ): Promise<WebhookOutcome> {
    const { config, logger } = this.options;
    const matches = matchComponents(event, await this.listComponents(), { requireBranchMatch: config.requireBranchMatch });
    const hash = deliveryId ? deliveryHash(provider, deliveryId) : undefined;
    const existing = hash ? await this.existingRuns([...new Set(matches.map(m => m.namespace))], hash) : new Map<string, string>();

    const labels: Record<string, string> = { [WEBHOOK_RUN_METADATA.providerLabel]: provider };
    const annotations: Record<string, string> = {};
    if (hash && deliveryId) {
      labels[WEBHOOK_RUN_METADATA.deliveryLabel] = hash;
      annotations[WEBHOOK_RUN_METADATA.deliveryAnnotation] = deliveryId;
    }
    const runService = new RunService(
      new DeliveryControlPlane(this.options.controlPlane, labels, annotations),
      this.options.registry,
      this.options.informers,
    );

    const components = await Promise.all(
      matches.map(async (match): Promise<WebhookComponentResult & { retryable?: boolean }> => {
        const base = { namespace: match.namespace, project: match.project, component: match.component };
        const earlier = existing.get(`${match.namespace}/${match.component}`);
        if (earlier) return { ...base, outcome: 'duplicate', existingRun: earlier };
        try {
          const run = await this.createRun(runService, match, provider);
          return { ...base, outcome: 'created', run };
        } catch (error) {
          const message = isError(error) ? error.message : String(error);
          logger.warn(`webhook ${provider} ${deliveryId ?? ''}: could not start a build of ${match.namespace}/${match.component}: ${message}`);
          return { ...base, outcome: 'failed', error: message, retryable: statusOf(error) >= 500 };
        }
      }),
    );
    const runs = components.flatMap(c => (c.run ? [c.run] : []));
    // 502 when a redelivery may help (cluster trouble), 422 when the components themselves are invalid.
    let status = 200;
    if (components.some(c => c.outcome === 'failed')) status = components.some(c => c.retryable) ? 502 : 422;
    for (const c of components) delete c.retryable;
    const duplicates = components.filter(c => c.outcome === 'duplicate').length;
    const failed = components.filter(c => c.outcome === 'failed').length;
    const update = matches[0]?.update ?? event.updates[event.updates.length - 1];
    let message: string;
    if (!matches.length) {
      const branch = config.requireBranchMatch ? ` on branch ${event.updates.map(u => u.branch).join(', ')}` : '';
      message = `No component with autoBuild on builds ${event.repository}${branch} from a path this push changed. Nothing was created.`;
    } else {
      message = [
        `${runs.length} build(s) started`,
        duplicates ? `${duplicates} already started by an earlier delivery of this event` : '',
        failed ? `${failed} failed to start` : '',
      ]
        .filter(Boolean)
        .join('; ')
        .concat('.');
    }
    logger.info(`webhook ${provider} ${deliveryId ?? '(no delivery id)'} ${event.repository}: ${message}`);
    const body: WebhookResponse = {
      provider,
      deliveryId,
      event: event.event,
      handled: true,
      duplicate: matches.length > 0 && duplicates === matches.length,
      message,
      repository: event.repository,
      branch: update?.branch,
      commit: update?.commit,
      components,
      runs,
    };
    return { status, body };
  }

  private createRun(runService: RunService, match: ComponentMatch, provider: WebhookProvider): Promise<RunSummary> {
    return runService.create(
      {
        namespace: match.namespace,
        project: match.project,
        component: match.component,
        systemParameters: { repository: { revision: { branch: match.update.branch, commit: match.update.commit } } },
      },
      `webhook:${provider}`,
    );
  }
}

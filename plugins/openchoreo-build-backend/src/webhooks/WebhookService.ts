import type { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError, isError } from '@backstage/errors';
import type {
  RunSummary,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { RunInformers } from '../informer/RunInformers';
import { RunReader } from '../runs/RunReader';
import { RunService } from '../runs/RunService';
import { webhookCreatedBy } from '../runs/runTrigger';
import { authorizeDelivery, type DeliveryAuthorization } from './authorization';
import { AutoBuildComponents } from './autoBuildComponents';
import type { WebhookConfig } from './config';
import type { DeliveryLog } from './deliveries/DeliveryLog';
import type { DeliveryStore } from './deliveries/DeliveryStore';
import { failedLogEntry, logEntryOf } from './deliveries/logEntry';
import {
  decodeBody,
  deliveryHash,
  pushHash,
  runRequestOf,
  runsLabelled,
  statusOf,
  WEBHOOK_RUN_METADATA,
} from './deliveryRuns';
import { matchComponents, type ComponentMatch } from './matching';
import {
  DELIVERY_ID_HEADERS,
  deliveryIdOf,
  header,
  PARSERS,
  repositoryUrlsOf,
  type Headers,
  type ParsedEvent,
} from './pushEvents';
import type { WebhookSecrets } from './secrets';
import { deliveryCheck } from './signatures';
import {
  answer,
  asDuplicate,
  NO_AUDIT,
  pushOutcome,
  type ComponentOutcome,
  type PushEvent,
  type WebhookOutcome,
} from './webhookOutcome';

export {
  decodeBody,
  deliveryHash,
  pushHash,
  WEBHOOK_RUN_METADATA,
} from './deliveryRuns';
export type { WebhookAudit, WebhookOutcome } from './webhookOutcome';

/** A delivery whose signature was verified. */
interface VerifiedDelivery {
  deliveryId: string;
  event: ParsedEvent;
  authorization: DeliveryAuthorization;
}
/**
 * Auto-build on push: verifies a provider's delivery against the secrets of the repository it
 * names, finds the components it may build and creates one run each through RunService (so runs
 * are validated exactly as `POST /runs` validates them): a ComponentWorkflowRun in a v0
 * organization, a WorkflowRun in a v1 one — at most once per delivery id, and at most once per
 * pushed commit and component within the replay window.
 */
export class WebhookService {
  private readonly store: DeliveryStore<WebhookOutcome>;
  private readonly now: () => number;
  private readonly runs: RunReader;
  private readonly components: AutoBuildComponents;
  private readonly runService: RunService;

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
      /** Each org's runs in its generation (default: one on `controlPlane` and `registry.generations`). */
      runs?: RunReader;
      /** Where handled deliveries are remembered and locked (shared by the replicas). */
      store: DeliveryStore<WebhookOutcome>;
      /** Where every verified delivery is recorded (the Auto-build card's "Recent deliveries"). */
      log: Pick<DeliveryLog, 'record'>;
      now?: () => number;
    },
  ) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    const v1 = new ControlPlaneV1(options.controlPlane.kubernetes);
    this.runs =
      options.runs ??
      new RunReader(options.controlPlane, {
        controlPlane: v1,
        generations: options.registry.generations,
      });
    this.components = new AutoBuildComponents({
      kubernetes: options.controlPlane.kubernetes,
      generations: options.registry.generations,
      v1: this.runs.v1?.controlPlane ?? v1,
    });
    this.runService = new RunService(
      options.controlPlane,
      options.registry,
      options.informers,
      undefined,
      undefined,
      this.runs,
    );
  }

  /**
   * Verifies and handles a delivery. A refused one throws before anything is recorded; every
   * verified one is recorded in the delivery log, also when its processing throws.
   */
  async handle(
    provider: WebhookProvider,
    headers: Headers,
    rawBody: Buffer,
  ): Promise<WebhookOutcome> {
    const delivery = await this.verify(provider, headers, rawBody);
    const receivedAt = this.now();
    let outcome: WebhookOutcome;
    try {
      outcome = await this.respond(provider, delivery);
    } catch (error) {
      const { deliveryId, event } = delivery;
      await this.record(
        failedLogEntry(
          provider,
          { deliveryId, event: event.event, repository: event.repository },
          error,
          receivedAt,
        ),
      );
      throw error;
    }
    await this.record(logEntryOf(provider, outcome, receivedAt));
    return outcome;
  }

  /** A failure to record never changes the answer: the provider's own log still has the delivery. */
  private async record(entry: Parameters<DeliveryLog['record']>[0]) {
    try {
      await this.options.log.record(entry);
    } catch (error) {
      this.options.logger.warn(
        `webhook ${entry.provider} ${
          entry.deliveryId
        }: could not record the delivery in the delivery log: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  }

  private async verify(
    provider: WebhookProvider,
    headers: Headers,
    rawBody: Buffer,
  ): Promise<VerifiedDelivery> {
    const { config, secrets, namespaces, logger } = this.options;
    const check = deliveryCheck(provider, headers, rawBody, {
      allowBitbucketHookUuid: config.allowBitbucketHookUuid,
    });
    if (!check.ok)
      throw new AuthenticationError(
        `Webhook delivery rejected: ${check.reason}`,
      );
    // Without an id a replay cannot be told from a new delivery, and GitHub does not sign it.
    const deliveryId = deliveryIdOf(provider, headers);
    if (!deliveryId) {
      throw new InputError(
        `Webhook delivery rejected: missing ${DELIVERY_ID_HEADERS[
          provider
        ].join(' or ')} header (the delivery id)`,
      );
    }
    const body = decodeBody(rawBody, header(headers, 'content-type'));
    const event = PARSERS[provider](headers, body);
    const urls =
      event.kind === 'push'
        ? event.repositoryUrls
        : repositoryUrlsOf(provider, body);
    const authorization = await authorizeDelivery({
      provider,
      check,
      urls,
      namespaces,
      secrets,
      logger,
    });
    if (!authorization.authentic) {
      throw new AuthenticationError(
        `Webhook delivery rejected: ${check.header} does not match the webhook secret of this repository`,
      );
    }
    return { deliveryId, event, authorization };
  }

  private async respond(
    provider: WebhookProvider,
    { deliveryId, event, authorization }: VerifiedDelivery,
  ): Promise<WebhookOutcome> {
    if (event.kind === 'ignored') {
      const message = `${event.reason}. Nothing was created.`;
      return {
        status: 202,
        body: {
          ...answer(provider, deliveryId, event.event, message),
          handled: false,
          repository: event.repository,
        },
        audit: NO_AUDIT,
        components: [],
      };
    }

    const key = deliveryHash(provider, deliveryId);
    const seen = await this.store.recall(key);
    if (seen) return asDuplicate(seen);
    const { value, shared } = await this.store.once(key, async () => {
      const processed = await this.process(
        provider,
        deliveryId,
        event,
        authorization,
      );
      // Remembered before the lock is let go, so a waiting replica answers it. A delivery with
      // failures is not remembered: its redelivery retries what failed.
      if (processed.status === 200) await this.store.remember(key, processed);
      return processed;
    });
    return shared ? asDuplicate(value) : value;
  }

  private async process(
    provider: WebhookProvider,
    deliveryId: string,
    event: PushEvent,
    authorization: DeliveryAuthorization,
  ): Promise<WebhookOutcome> {
    const { config, logger, namespaces: served } = this.options;
    const candidates = await this.components.list(served);
    const matches = matchComponents(event, candidates, {
      requireBranchMatch: config.requireBranchMatch,
      accepts: authorization.accepts,
      provider,
    });
    const skipped = candidates.flatMap(c =>
      c.autoBuild && c.problem
        ? [`${c.namespace}/${c.component}: ${c.problem}`]
        : [],
    );
    if (skipped.length > 0) {
      logger.warn(
        `webhook ${provider} ${deliveryId}: components with autoBuild on that no push can build: ${skipped.join(
          '; ',
        )}`,
      );
    }
    const hash = deliveryHash(provider, deliveryId);
    const namespaces = [...new Set(matches.map(m => m.namespace))];
    const since = this.now() - config.replayWindowMs;
    // Earlier runs of this delivery (a redelivery after a restart), and of the same push under
    // another delivery id (a replay), found by label so they survive a restart.
    const [ofDelivery, ofPush] = await Promise.all([
      runsLabelled(this.runs, namespaces, WEBHOOK_RUN_METADATA.deliveryLabel, [
        hash,
      ]),
      runsLabelled(
        this.runs,
        namespaces,
        WEBHOOK_RUN_METADATA.pushLabel,
        matches.map(pushHash),
        since,
      ),
    ]);

    const outcomes = await Promise.all(
      matches.map(async (match): Promise<ComponentOutcome> => {
        const id = `${match.namespace}/${match.component}`;
        const push = pushHash(match);
        if (ofDelivery.has(`${id}@${hash}`) || ofPush.has(`${id}@${push}`))
          return { match, outcome: 'duplicate' };
        const claim = `${id}@${push}`;
        if (!(await this.store.claim(claim, config.replayWindowMs)))
          return { match, outcome: 'duplicate' };
        try {
          const run = await this.createRun(provider, deliveryId, match);
          return { match, outcome: 'created', run };
        } catch (error) {
          await this.store.release(claim);
          const message = isError(error) ? error.message : String(error);
          logger.warn(
            `webhook ${provider} ${deliveryId}: could not start a build of ${id}: ${message}`,
          );
          return {
            match,
            outcome: 'failed',
            error: message,
            retryable: statusOf(error) >= 500,
          };
        }
      }),
    );
    const outcome = pushOutcome({
      provider,
      deliveryId,
      event,
      outcomes,
      skipped,
      requireBranchMatch: config.requireBranchMatch,
    });
    logger.info(
      `webhook ${provider} ${deliveryId} ${event.repository}: ${outcome.body.message}`,
    );
    return outcome;
  }

  private createRun(
    provider: WebhookProvider,
    deliveryId: string,
    match: ComponentMatch,
  ): Promise<RunSummary> {
    const labels = {
      [WEBHOOK_RUN_METADATA.providerLabel]: provider,
      [WEBHOOK_RUN_METADATA.deliveryLabel]: deliveryHash(provider, deliveryId),
      [WEBHOOK_RUN_METADATA.pushLabel]: pushHash(match),
    };
    const annotations = {
      [WEBHOOK_RUN_METADATA.deliveryAnnotation]: deliveryId,
    };
    return this.runService.create(
      runRequestOf(match),
      webhookCreatedBy(provider),
      {
        labels,
        annotations,
      },
    );
  }
}

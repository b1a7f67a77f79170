import type { LoggerService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError, isError } from '@backstage/errors';
import type {
  RunSummary,
  WebhookProvider,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { RunInformers } from '../informer/RunInformers';
import { RunReader } from '../runs/RunReader';
import { RunService } from '../runs/RunService';
import { authorizeDelivery, type DeliveryAuthorization } from './authorization';
import { AutoBuildComponents } from './autoBuildComponents';
import type { WebhookConfig } from './config';
import { MemoryDeliveryStore, type DeliveryStore } from './deliveryCache';
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

export {
  decodeBody,
  deliveryHash,
  pushHash,
  WEBHOOK_RUN_METADATA,
} from './deliveryRuns';

/** What the audit log records of a delivery and the caller is not told (see WebhookResponse). */
export interface WebhookAudit {
  /** `<namespace>/<component>` of every component the push matched. */
  matchedComponents: string[];
  /** `<namespace>/<run>` of the runs this delivery created. */
  createdRuns: string[];
  /** `<namespace>/<component>: <error>` of the builds that did not start. */
  failures: string[];
  /**
   * `<namespace>/<component>: <reason>` of the components with autoBuild on whose repository could
   * not be read, so no push can match them (v1: their Workflow marks no repository URL, …).
   */
  skipped: string[];
}

/** The result of one delivery, the HTTP status to answer it with, and what only the audit log gets. */
export interface WebhookOutcome {
  status: number;
  body: WebhookResponse;
  audit: WebhookAudit;
}

type Push = Extract<ParsedEvent, { kind: 'push' }>;
type Outcome = 'created' | 'duplicate' | 'failed';
interface ComponentOutcome {
  match: ComponentMatch;
  outcome: Outcome;
  run?: RunSummary;
  error?: string;
  retryable?: boolean;
}

const NO_AUDIT: WebhookAudit = {
  matchedComponents: [],
  createdRuns: [],
  failures: [],
  skipped: [],
};

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
      /** Where handled deliveries are remembered (default: this process's memory). */
      store?: DeliveryStore<WebhookOutcome>;
      now?: () => number;
    },
  ) {
    this.store = options.store ?? new MemoryDeliveryStore<WebhookOutcome>(1000);
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

  async handle(
    provider: WebhookProvider,
    headers: Headers,
    rawBody: Buffer,
  ): Promise<WebhookOutcome> {
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
    if (event.kind === 'ignored') {
      const message = `${event.reason}. Nothing was created.`;
      return {
        status: 202,
        body: {
          ...this.answer(provider, deliveryId, event.event, message),
          handled: false,
          repository: event.repository,
        },
        audit: NO_AUDIT,
      };
    }

    const key = deliveryHash(provider, deliveryId);
    const seen = await this.store.recall(key);
    if (seen) return this.asDuplicate(seen);
    const { value, shared } = await this.store.once(key, () =>
      this.process(provider, deliveryId, event, authorization),
    );
    if (shared) return this.asDuplicate(value);
    // A delivery with failures is not remembered: its redelivery retries what failed.
    if (value.status === 200) await this.store.remember(key, value);
    return value;
  }

  private answer(
    provider: WebhookProvider,
    deliveryId: string,
    event: string,
    message: string,
  ): WebhookResponse {
    return {
      provider,
      deliveryId,
      event,
      handled: true,
      duplicate: false,
      message,
      runsStarted: 0,
      runsAlreadyStarted: 0,
      runsFailed: 0,
    };
  }

  private asDuplicate(previous: WebhookOutcome): WebhookOutcome {
    const { body } = previous;
    return {
      status: 200,
      body: {
        ...body,
        duplicate: true,
        runsStarted: 0,
        runsAlreadyStarted: body.runsStarted + body.runsAlreadyStarted,
        message: `Delivery ${body.deliveryId} was already processed: nothing new was created.`,
      },
      audit: { ...previous.audit, createdRuns: [] },
    };
  }

  private async process(
    provider: WebhookProvider,
    deliveryId: string,
    event: Push,
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
    return this.outcome(provider, deliveryId, event, outcomes, skipped);
  }

  private outcome(
    provider: WebhookProvider,
    deliveryId: string,
    event: Push,
    outcomes: ComponentOutcome[],
    skipped: string[],
  ): WebhookOutcome {
    const { config, logger } = this.options;
    const count = (outcome: Outcome) =>
      outcomes.filter(o => o.outcome === outcome).length;
    const [started, duplicates, failed] = [
      count('created'),
      count('duplicate'),
      count('failed'),
    ];
    // 502 when a redelivery may help (cluster trouble), 422 when the components themselves are invalid.
    let status = 200;
    if (failed) status = outcomes.some(o => o.retryable) ? 502 : 422;
    let message: string;
    if (!outcomes.length) {
      const branch = config.requireBranchMatch
        ? ` on branch ${event.updates.map(u => u.branch).join(', ')}`
        : '';
      message = `No component with autoBuild on builds ${event.repository}${branch} from a path this push changed. Nothing was created.`;
    } else {
      message = [
        `${started} build(s) started`,
        duplicates
          ? `${duplicates} already started by an earlier delivery of this push`
          : '',
        failed ? `${failed} failed to start (see the portal's log)` : '',
      ]
        .filter(Boolean)
        .join('; ')
        .concat('.');
    }
    logger.info(
      `webhook ${provider} ${deliveryId} ${event.repository}: ${message}`,
    );
    const update =
      outcomes[0]?.match.update ?? event.updates[event.updates.length - 1];
    return {
      status,
      body: {
        ...this.answer(provider, deliveryId, event.event, message),
        duplicate: outcomes.length > 0 && duplicates === outcomes.length,
        repository: event.repository,
        branch: update?.branch,
        commit: update?.commit,
        runsStarted: started,
        runsAlreadyStarted: duplicates,
        runsFailed: failed,
      },
      audit: {
        matchedComponents: outcomes.map(
          o => `${o.match.namespace}/${o.match.component}`,
        ),
        createdRuns: outcomes.flatMap(o =>
          o.run ? [`${o.run.namespace}/${o.run.name}`] : [],
        ),
        failures: outcomes.flatMap(o =>
          o.error
            ? [`${o.match.namespace}/${o.match.component}: ${o.error}`]
            : [],
        ),
        skipped,
      },
    };
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
    return this.runService.create(runRequestOf(match), `webhook:${provider}`, {
      labels,
      annotations,
    });
  }
}

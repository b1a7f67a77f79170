import type {
  RunSummary,
  WebhookComponentOutcome,
  WebhookProvider,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DeliveryComponentEntry } from './deliveries/DeliveryLog';
import type { ComponentMatch } from './matching';
import type { ParsedEvent } from './pushEvents';

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

/**
 * The result of one delivery, the HTTP status to answer it with, what only the audit log gets, and
 * what the delivery log records per component it matched.
 */
export interface WebhookOutcome {
  status: number;
  body: WebhookResponse;
  audit: WebhookAudit;
  components: DeliveryComponentEntry[];
}

export type PushEvent = Extract<ParsedEvent, { kind: 'push' }>;

/** What a delivery did for one matched component. */
export interface ComponentOutcome {
  match: ComponentMatch;
  outcome: WebhookComponentOutcome;
  run?: RunSummary;
  error?: string;
  /** A failure a redelivery may get past (cluster trouble, 5xx). */
  retryable?: boolean;
}

export const NO_AUDIT: WebhookAudit = {
  matchedComponents: [],
  createdRuns: [],
  failures: [],
  skipped: [],
};

/** The answer to a handled delivery before its counts are known. */
export function answer(
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

/** A redelivery's answer: what the first delivery did, and that nothing new was created. */
export function asDuplicate(previous: WebhookOutcome): WebhookOutcome {
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
    components: previous.components.map(
      ({ run: _run, error: _error, ...component }) => ({
        ...component,
        outcome: 'duplicate',
      }),
    ),
  };
}

/**
 * The outcome of a processed push: 200 when every matched build started or had started, else 502
 * when a redelivery may help (cluster trouble) or 422 when the components themselves are invalid.
 */
export function pushOutcome(options: {
  provider: WebhookProvider;
  deliveryId: string;
  event: PushEvent;
  outcomes: ComponentOutcome[];
  skipped: string[];
  requireBranchMatch: boolean;
}): WebhookOutcome {
  const { provider, deliveryId, event, outcomes, skipped } = options;
  const count = (outcome: WebhookComponentOutcome) =>
    outcomes.filter(o => o.outcome === outcome).length;
  const [started, duplicates, failed] = [
    count('created'),
    count('duplicate'),
    count('failed'),
  ];
  let status = 200;
  if (failed) status = outcomes.some(o => o.retryable) ? 502 : 422;
  let message: string;
  if (!outcomes.length) {
    const branch = options.requireBranchMatch
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
  const update =
    outcomes[0]?.match.update ?? event.updates[event.updates.length - 1];
  return {
    status,
    body: {
      ...answer(provider, deliveryId, event.event, message),
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
    components: outcomes.map(o => ({
      namespace: o.match.namespace,
      project: o.match.project,
      component: o.match.component,
      outcome: o.outcome,
      branch: o.match.update.branch,
      commit: o.match.update.commit,
      ...(o.run ? { run: o.run.name } : {}),
      ...(o.error ? { error: o.error } : {}),
    })),
  };
}

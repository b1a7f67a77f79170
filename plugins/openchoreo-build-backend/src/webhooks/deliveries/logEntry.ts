import { isError } from '@backstage/errors';
import type {
  WebhookDeliveryOutcome,
  WebhookProvider,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { WebhookOutcome } from '../WebhookService';
import type { DeliveryLogEntry } from './DeliveryLog';

/** What a delivery as a whole came to, from the answer its provider got. */
export function deliveryOutcomeOf(
  body: WebhookResponse,
): WebhookDeliveryOutcome {
  if (!body.handled) return 'ignored';
  if (body.runsFailed > 0) return body.runsStarted > 0 ? 'partial' : 'failed';
  if (body.runsStarted > 0) return 'created';
  if (body.duplicate || body.runsAlreadyStarted > 0) return 'duplicate';
  // A push no component with autoBuild on is concerned by.
  return 'ignored';
}

/** The log entry of a delivery that was answered. */
export function logEntryOf(
  provider: WebhookProvider,
  outcome: WebhookOutcome,
  receivedAt: number,
): DeliveryLogEntry {
  const { body } = outcome;
  return {
    receivedAt,
    provider,
    deliveryId: body.deliveryId,
    event: body.event,
    repository: body.repository,
    branch: body.branch,
    commit: body.commit,
    outcome: deliveryOutcomeOf(body),
    message: body.message,
    components: outcome.components,
  };
}

/** The log entry of a verified delivery whose processing threw (e.g. the control plane is down). */
export function failedLogEntry(
  provider: WebhookProvider,
  delivery: { deliveryId: string; event: string; repository?: string },
  error: unknown,
  receivedAt: number,
): DeliveryLogEntry {
  return {
    receivedAt,
    provider,
    ...delivery,
    outcome: 'failed',
    message: `Not processed: ${isError(error) ? error.message : String(error)}`,
    components: [],
  };
}

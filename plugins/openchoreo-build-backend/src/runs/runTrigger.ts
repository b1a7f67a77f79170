import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  WEBHOOK_PROVIDERS,
  type RunTrigger,
  type RunTriggerKind,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { WEBHOOK_RUN_METADATA } from '../webhooks/deliveryRuns';

/*
 * What started a run (`RunSummary.trigger`), read from the marks the portal leaves on the runs it
 * creates: the `openchoreo.dev/created-by` annotation (a user entity ref, or `webhook:<provider>`)
 * and, for webhook runs, the provider label and delivery-id annotation (`WEBHOOK_RUN_METADATA`).
 * Anyone who may write runs (kubectl, another tool) can set these too, so each value is checked
 * and a run whose marks do not add up has no trigger rather than a made-up one.
 */

/**
 * How `openchoreo.dev/created-by` starts for each trigger kind: the record store narrows its
 * `trigger` filter with these prefixes before applying this rule exactly.
 */
export const CREATED_BY_PREFIX: Record<RunTriggerKind, string> = {
  user: 'user:',
  webhook: 'webhook:',
};

/**
 * The longest delivery id a trigger carries: what the delivery log keeps (`DeliveryLog`). A longer
 * one is left out, not cut: a shortened id would name no delivery.
 */
export const DELIVERY_ID_MAX_LENGTH = 255;

/** The longest created-by value read as a user entity ref (the run record's column size). */
const CREATED_BY_MAX_LENGTH = 512;

/** Printable ASCII only: the id is shown and searched for in the provider's delivery log. */
const DELIVERY_ID_TEXT = /^[\x20-\x7e]+$/;

const validator = makeValidator();

/** `webhook:<provider>`: what the portal writes as the creator of the runs a webhook starts. */
export function webhookCreatedBy(provider: WebhookProvider): string {
  return `${CREATED_BY_PREFIX.webhook}${provider}`;
}

/**
 * The canonical user entity ref (`user:<namespace>/<name>`, lower case, as Backstage's sign-in
 * writes it) that `value` names, or undefined when it is not a valid ref of kind User. A missing
 * namespace means `default`; the kind is required.
 */
export function userEntityRefOf(value: string): string | undefined {
  if (value.length > CREATED_BY_MAX_LENGTH) return undefined;
  let ref: ReturnType<typeof parseEntityRef>;
  try {
    ref = parseEntityRef(value);
  } catch {
    return undefined;
  }
  if (
    ref.kind.toLocaleLowerCase('en-US') !== 'user' ||
    // Refs compare case-insensitively (the canonical form is lower case).
    !validator.isValidNamespace(ref.namespace.toLocaleLowerCase('en-US')) ||
    !validator.isValidEntityName(ref.name)
  )
    return undefined;
  return stringifyEntityRef(ref);
}

function providerOf(value: string | undefined): WebhookProvider | undefined {
  return WEBHOOK_PROVIDERS.find(provider => provider === value);
}

function deliveryIdOf(value: string | undefined): string | undefined {
  return value &&
    value.length <= DELIVERY_ID_MAX_LENGTH &&
    DELIVERY_ID_TEXT.test(value)
    ? value
    : undefined;
}

/** The marks of a run that say what started it. */
export interface RunTriggerMarks {
  /** `openchoreo.dev/created-by`. */
  createdBy?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

/**
 * What started a run:
 * - created-by `webhook:<provider>` with a known provider (and the provider label, when set, naming
 *   the same one) → a webhook trigger, with the delivery id when it is sane printable text;
 * - created-by a user entity ref in canonical form → that user (so `createdBy` and the trigger's
 *   `userEntityRef` are always the same string, which the `createdBy` filter compares);
 * - anything else (absent, a service principal, an unknown provider, garbage) → undefined.
 */
export function runTriggerOf(marks: RunTriggerMarks): RunTrigger | undefined {
  const { createdBy } = marks;
  if (!createdBy) return undefined;
  if (createdBy.startsWith(CREATED_BY_PREFIX.webhook)) {
    const provider = providerOf(
      createdBy.slice(CREATED_BY_PREFIX.webhook.length),
    );
    const label = marks.labels[WEBHOOK_RUN_METADATA.providerLabel];
    if (!provider || (label !== undefined && label !== provider))
      return undefined;
    const deliveryId = deliveryIdOf(
      marks.annotations[WEBHOOK_RUN_METADATA.deliveryAnnotation],
    );
    return { kind: 'webhook', provider, ...(deliveryId ? { deliveryId } : {}) };
  }
  if (userEntityRefOf(createdBy) === createdBy)
    return { kind: 'user', userEntityRef: createdBy };
  return undefined;
}

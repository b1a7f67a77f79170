import { createHash } from 'node:crypto';
import { InputError, isError } from '@backstage/errors';
import type {
  ComponentWorkflowRun,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { ControlPlane } from '../controlplane/ControlPlane';
import type { ComponentMatch } from './matching';

/** Labels and annotations on runs a webhook created (OpenChoreo sets none of these itself). */
export const WEBHOOK_RUN_METADATA = {
  /** Label: sha256 of `<provider>:<delivery id>` (40 hex), so a restarted backend still finds the runs of a delivery. */
  deliveryLabel: 'openchoreo.dev/webhook-delivery',
  /**
   * Label: sha256 of `<repository URL>#<branch>#<commit>` (40 hex): the push a run builds, so a
   * replay under another delivery id is recognized, also after a restart.
   */
  pushLabel: 'openchoreo.dev/webhook-push',
  /** Label: the provider. */
  providerLabel: 'openchoreo.dev/webhook-provider',
  /** Annotation: the provider's delivery id as sent. */
  deliveryAnnotation: 'openchoreo.dev/webhook-delivery-id',
} as const;

const hash40 = (text: string) =>
  createHash('sha256').update(text).digest('hex').slice(0, 40);

export function deliveryHash(
  provider: WebhookProvider,
  deliveryId: string,
): string {
  return hash40(`${provider}:${deliveryId}`);
}

/** The push a match builds: its repository, branch and commit (not the delivery that carried it). */
export function pushHash(
  match: Pick<ComponentMatch, 'url' | 'update'>,
): string {
  return hash40(`${match.url}#${match.update.branch}#${match.update.commit}`);
}

/** Adds the delivery's labels and annotations to every run created through it. */
export class DeliveryControlPlane extends ControlPlane {
  constructor(
    base: ControlPlane,
    private readonly labels: Record<string, string>,
    private readonly annotations: Record<string, string>,
  ) {
    super(base.kubernetes);
  }

  override createRun(
    namespace: string,
    run: ComponentWorkflowRun,
  ): Promise<ComponentWorkflowRun> {
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

/**
 * Runs carrying `label=value` in each namespace, by `<namespace>/<component>` → run name; with
 * `since`, only runs created at or after it.
 */
export async function runsLabelled(
  controlPlane: ControlPlane,
  namespaces: string[],
  label: string,
  values: string[],
  since?: number,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const lookups = namespaces.flatMap(namespace =>
    [...new Set(values)].map(value => ({ namespace, value })),
  );
  await Promise.all(
    lookups.map(async ({ namespace, value }) => {
      const list = await controlPlane.listRuns(namespace, {
        labelSelector: `${label}=${value}`,
      });
      for (const run of list.items) {
        const created = Date.parse(run.metadata?.creationTimestamp ?? '');
        if (since !== undefined && Number.isFinite(created) && created < since)
          continue;
        const component = run.spec?.owner?.componentName;
        if (component && run.metadata?.name)
          found.set(`${namespace}/${component}@${value}`, run.metadata.name);
      }
    }),
  );
  return found;
}

/** Status of an error for the per-component outcome (5xx: worth a redelivery). */
export function statusOf(error: unknown): number {
  const record = error as { statusCode?: unknown; status?: unknown };
  if (typeof record?.statusCode === 'number') return record.statusCode;
  if (typeof record?.status === 'number') return record.status;
  return isError(error) && error.name === 'InputError' ? 400 : 500;
}

/** The JSON a provider sent: a JSON body, or GitHub's form encoding (`payload=<json>`). */
export function decodeBody(
  rawBody: Buffer,
  contentType: string | undefined,
): unknown {
  const text = rawBody.toString('utf8');
  let json = text;
  if (
    (contentType ?? '')
      .toLowerCase()
      .startsWith('application/x-www-form-urlencoded')
  ) {
    const payload = new URLSearchParams(text).get('payload');
    if (payload === null)
      throw new InputError(
        'Invalid body: form-encoded delivery without a "payload" field',
      );
    json = payload;
  }
  if (!json.trim()) throw new InputError('Invalid body: empty');
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new InputError(
      `Invalid body: not JSON (${
        isError(error) ? error.message : String(error)
      })`,
    );
  }
}

import { createHash } from 'node:crypto';
import { InputError, isError } from '@backstage/errors';
import type {
  CreateRunRequest,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunReader } from '../runs/RunReader';
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

/**
 * Runs carrying `label=value` in each namespace, in the namespace's generation (v0
 * ComponentWorkflowRuns, v1 WorkflowRuns — both keep the labels a delivery put on them), by
 * `<namespace>/<component>@<value>` → run name; with `since`, only runs created at or after it.
 */
export async function runsLabelled(
  runs: Pick<RunReader, 'sourceFor'>,
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
      const source = await runs.sourceFor(namespace);
      const list = await source.list(namespace, {
        labelSelector: `${label}=${value}`,
      });
      for (const run of list.items) {
        const created = Date.parse(run.createdAt ?? '');
        if (since !== undefined && Number.isFinite(created) && created < since)
          continue;
        if (run.component && run.name)
          found.set(`${namespace}/${run.component}@${value}`, run.name);
      }
    }),
  );
  return found;
}

/**
 * The run a match starts: the component's own workflow and parameters with the pushed revision
 * over them. v0 overrides `systemParameters.repository.revision`; v1 names the Component's
 * (Cluster)Workflow and sets the pushed commit and branch in the fields the Workflow marks, and
 * only those — v1.2.3 sets just the marked commit (`TriggerWorkflow`,
 * `internal/openchoreo-api/services/workflowrun/service.go@v1.2.3:903-912`); the branch is also
 * set so the checkout finds the commit where it was pushed (it equals the component's branch
 * whenever the component names one).
 */
export function runRequestOf(match: ComponentMatch): CreateRunRequest {
  const { candidate, update } = match;
  const { branch, commit } = candidate.revisionFields;
  const revision = {
    ...(branch ? { branch: update.branch } : {}),
    ...(commit ? { commit: update.commit } : {}),
  };
  return {
    namespace: match.namespace,
    project: match.project,
    component: match.component,
    ...(candidate.generation === 'v1' && candidate.workflow
      ? {
          workflow: candidate.workflow.name,
          workflowKind: candidate.workflow.kind,
        }
      : {}),
    ...(branch || commit
      ? { systemParameters: { repository: { revision } } }
      : {}),
  };
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

import { isRecord, KObject } from '../apiserver/types';
import { ANNOTATION_LOG_BYTES, ANNOTATION_SPEED } from './argo/runner';

/** Why a run could not be rendered; the controller logs it and leaves the run Pending (`controller.go@v0.9.0:164-174`). */
export class RenderError extends Error {}

/** What both run controllers read off a rendered runTemplate before applying it. */
export interface RunResourceTarget {
  /** `metadata.namespace`: where the Workflow and its prerequisites go. */
  namespace: string;
  /** The rendered `spec`. */
  spec: Record<string, unknown>;
  /** `spec.serviceAccountName`: the account the prerequisites bind. */
  serviceAccountName: string;
  /** The rendered annotations plus the sandbox's per-run ones (log size, speed) copied from the run. */
  annotations: Record<string, string>;
}

/**
 * `extractRunResourceNamespace` / `extractServiceAccountName` (`componentworkflowrun/controller.go@v0.9.0:612-640`,
 * `workflowrun/controller.go@v1.2.3:571-600`): the rendered run resource must name its namespace, have a
 * spec and name a service account, else `RenderError`. `namespaceHint` is the fix the namespace error
 * suggests, as the two Workflow kinds render the namespace differently.
 *
 * Sandbox addition: the run's emulation annotations (log size, speed) are carried onto the Workflow.
 */
export function runResourceTarget(
  run: KObject,
  rendered: KObject,
  namespaceHint: string,
): RunResourceTarget {
  const namespace = rendered.metadata.namespace;
  if (typeof namespace !== 'string' || !namespace)
    throw new RenderError(
      `namespace not found in rendered resource metadata (${namespaceHint})`,
    );
  const spec = isRecord(rendered.spec) ? rendered.spec : undefined;
  if (!spec) throw new RenderError('spec not found in rendered resource');
  const serviceAccountName = spec.serviceAccountName;
  if (typeof serviceAccountName !== 'string' || !serviceAccountName)
    throw new RenderError(
      'serviceAccountName not found in rendered resource spec (set runTemplate spec.serviceAccountName, e.g. workflow-sa)',
    );
  const annotations: Record<string, string> = {
    ...(rendered.metadata.annotations ?? {}),
  };
  for (const key of [ANNOTATION_LOG_BYTES, ANNOTATION_SPEED]) {
    const value = run.metadata.annotations?.[key];
    if (value) annotations[key] = value;
  }
  return { namespace, spec, serviceAccountName, annotations };
}

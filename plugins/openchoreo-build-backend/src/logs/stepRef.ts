import { InputError } from '@backstage/errors';
import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';
import { splitSegments } from '../runs/argoNodePath';

/**
 * What the `:step` of `GET …/steps/:step/logs` may look like: a step id (an Argo node id such as
 * `wf-1234567890`, or a `status.tasks` name such as `wf[1].build-step`), a display path
 * (`sub-dag1.fail`, `onExit.notify`, a loop item `sleep(0:1)`) or a name (`build-step`).
 */
export const STEP_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:,()[\]-]*$/;

/** What the route says when `:step` does not match {@link STEP_REF_PATTERN}. */
export const STEP_REF_HINT =
  'must be a step id (e.g. from GET /runs/:namespace/:name), a display path (e.g. sub-dag1.fail) or a step name (e.g. build-step)';

/** Throws InputError when `ref` cannot be a step reference. */
export function checkStepRef(ref: string): void {
  if (!STEP_REF_PATTERN.test(ref)) {
    throw new InputError(`step: "${ref}" ${STEP_REF_HINT}`);
  }
}

/** Does `ref` name this step by one of its identities (id, node name, pod, attempt)? */
function isIdOf(step: RunStep, ref: string): boolean {
  return (
    step.id === ref ||
    step.nodeName === ref ||
    step.podName === ref ||
    step.attempts.some(a => a.nodeId === ref || a.podName === ref)
  );
}

/**
 * The step `ref` names, most specific first: its id (or node name, pod name, an attempt's node
 * id), then its display path, then its name. Names repeat in nested templates and exit handlers;
 * a name that several steps share is refused with their ids, so the caller can pick one.
 * `where` names the run in the message, e.g. `run acme/greeter-workflow-1`.
 */
export function resolveStepRef(
  steps: RunStep[],
  ref: string,
  where: string,
): RunStep | undefined {
  const byId = steps.find(step => isIdOf(step, ref));
  if (byId) return byId;
  const byPath = steps.find(step => step.displayPath === ref);
  if (byPath) return byPath;
  const byName = steps.filter(step => step.name === ref);
  if (byName.length > 1) {
    const candidates = byName
      .map(step => `${step.id} (${step.displayPath ?? step.name})`)
      .join(', ');
    throw new InputError(
      `Step name ${ref} is ambiguous in ${where}: ${byName.length} steps have it. Ask for one by its id: ${candidates}`,
    );
  }
  return byName[0];
}

/**
 * The name a template declares for the step `ref` names: the last segment of a display path
 * without attempt or loop suffix (`sub-dag1.fail` → `fail`, `sleep(0:1.5)` → `sleep`).
 */
export function declaredNameOf(ref: string): string {
  const last = splitSegments(ref).pop() ?? ref;
  return last.replace(/\(.*\)$/, '');
}

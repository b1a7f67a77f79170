import YAML from 'yaml';
import type { Cluster } from '../apiserver/cluster';
import { PATCH_TYPES } from '../apiserver/patch';
import { isRecord, KObject } from '../apiserver/types';
import { applyRunCondition, isTrue, readConditions } from './conditions';
import { applyArgoPhase, workloadCrOutput } from './runStatus';

export const WORKLOAD_API = 'openchoreo.dev/v1alpha1';
/** The field manager of the server-side apply (`controller.go@v0.9.0:449`). */
export const WORKLOAD_FIELD_MANAGER = 'componentworkflowrun-controller';

/**
 * The outcome of `createWorkloadFromComponentWorkflowRun` (`controller.go@v0.9.0:403-454`):
 * `applied` → WorkloadUpdated=True; `failed` (no Workflow any more, or no `workload-cr`
 * output) → WorkloadUpdated=False/WorkloadUpdateFailed; `retry` (the output does not parse,
 * or the apply is refused) → no condition, requeue.
 */
export type WorkloadOutcome =
  | { kind: 'applied'; workload: KObject }
  | { kind: 'failed'; reason: string }
  | { kind: 'retry'; reason: string };

/**
 * `yaml.Unmarshal` of the output into a typed `Workload`: only the fields the type has survive
 * (apiVersion, kind, metadata name/labels/annotations, spec); the namespace is the run's.
 */
export function parseWorkloadCr(
  text: string,
  namespace: string,
): KObject | string {
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch (e) {
    return `failed to unmarshal workload CR: ${(e as Error).message}`;
  }
  if (!isRecord(doc)) return 'failed to unmarshal workload CR: not a mapping';
  const meta = isRecord(doc.metadata) ? doc.metadata : {};
  const text2 = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const stringMap = (v: unknown) =>
    isRecord(v) ? (v as Record<string, string>) : undefined;
  return {
    apiVersion: text2(doc.apiVersion) ?? '',
    kind: text2(doc.kind) ?? '',
    metadata: {
      name: text2(meta.name),
      namespace,
      labels: stringMap(meta.labels),
      annotations: stringMap(meta.annotations),
    },
    ...(isRecord(doc.spec) ? { spec: doc.spec } : {}),
  };
}

/**
 * After a successful Workflow, OpenChoreo's controller server-side-applies the
 * Workload CR that the `workload-create-step` node wrote as its `workload-cr`
 * output, in the run's namespace on the control plane
 * (`controller.go@v0.9.0:403-454`, `extractWorkloadCRFromRunResource` `:480-494`).
 * `wfStatus` is undefined when the Workflow is gone.
 */
export function applyWorkloadFromWorkflow(
  control: Cluster,
  runNamespace: string,
  wfStatus: Record<string, unknown> | undefined,
): WorkloadOutcome {
  if (!wfStatus) return { kind: 'failed', reason: 'run resource not found' };
  const text = workloadCrOutput(wfStatus);
  if (!text)
    return {
      kind: 'failed',
      reason: 'no workload CR found in run resource outputs',
    };
  const workload = parseWorkloadCr(text, runNamespace);
  if (typeof workload === 'string') return { kind: 'retry', reason: workload };
  if (workload.apiVersion !== WORKLOAD_API || workload.kind !== 'Workload')
    return {
      kind: 'retry',
      reason: `failed to apply workload: expected apiVersion ${WORKLOAD_API} and kind Workload, got "${workload.apiVersion}" "${workload.kind}"`,
    };
  if (!workload.metadata.name)
    return {
      kind: 'retry',
      reason: 'failed to apply workload: metadata.name is required',
    };
  try {
    const applied = control.core.patch(
      control.def(WORKLOAD_API, 'workloads'),
      'v1alpha1',
      runNamespace,
      workload.metadata.name,
      PATCH_TYPES.apply,
      JSON.parse(JSON.stringify(workload)),
    );
    return { kind: 'applied', workload: applied };
  } catch (e) {
    return {
      kind: 'retry',
      reason: `failed to apply workload "${
        workload.metadata.name
      }" in namespace "${runNamespace}": ${(e as Error).message}`,
    };
  }
}

/**
 * The status the controller leaves on a run whose Workflow ended as `wfStatus`
 * (no status before): the phase's conditions and, after a success, the
 * Workload applied and `WorkloadUpdated`. The seed writes run history with it.
 */
export function finishedRunStatus(
  control: Cluster,
  runNamespace: string,
  wfStatus: Record<string, unknown>,
  now: Date,
): Record<string, unknown> {
  const status = {
    imageStatus: {},
    ...applyArgoPhase(undefined, 1, wfStatus, now),
  };
  const conditions = readConditions(status);
  if (!isTrue(conditions, 'WorkflowSucceeded')) return status;
  const outcome = applyWorkloadFromWorkflow(control, runNamespace, wfStatus);
  if (outcome.kind === 'retry') return status;
  return {
    ...status,
    conditions: applyRunCondition(
      conditions,
      outcome.kind === 'applied' ? 'workloadUpdated' : 'workloadUpdateFailed',
      1,
      now,
    ),
  };
}

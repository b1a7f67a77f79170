import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';

export const OPENCHOREO_API = 'openchoreo.dev/v1alpha1';
export const LABEL_PROJECT = 'openchoreo.dev/project';
export const LABEL_COMPONENT = 'openchoreo.dev/component';

/**
 * What `validateComponentWorkflowRun` decides (`controller_validate.go@v1.2.3`): `ok` (go on),
 * `failed` (permanent: `ComponentValidationFailed` with this message) or `retry` (a read
 * failed; requeue, the reason is logged).
 */
export type ValidationOutcome =
  | { kind: 'ok' }
  | { kind: 'failed'; message: string }
  | { kind: 'retry'; reason: string };

/** `spec.workflow.{kind,name}` of a run; kind as stored (the CRD defaults it to ClusterWorkflow). */
export function workflowRefOf(run: KObject): { kind: string; name: string } {
  const spec = isRecord(run.spec) ? run.spec : {};
  const wf = isRecord(spec.workflow) ? spec.workflow : {};
  return {
    // The CRD defaults kind to ClusterWorkflow; a run stored without the real CRD gets the same.
    kind: typeof wf.kind === 'string' && wf.kind ? wf.kind : 'ClusterWorkflow',
    name: typeof wf.name === 'string' ? wf.name : '',
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads an object; a type the control plane does not serve is a read failure (the caller retries). */
function read(
  control: Cluster,
  plural: string,
  namespace: string | undefined,
  name: string,
): KObject | undefined {
  return control.get(OPENCHOREO_API, plural, namespace, name);
}

/** `resolveComponentType`: the (Cluster)ComponentType named `{workloadType}/{name}`; null when absent. */
function resolveComponentType(
  control: Cluster,
  component: KObject,
): { name: string; allowed: Array<{ kind: string; name: string }> } | null {
  const spec = isRecord(component.spec) ? component.spec : {};
  const ref = isRecord(spec.componentType) ? spec.componentType : {};
  const refName = text(ref.name);
  const slash = refName.indexOf('/');
  if (slash < 0)
    throw new Error(
      `invalid componentType name format "${refName}", expected {workloadType}/{name}`,
    );
  const name = refName.slice(slash + 1);
  const ct =
    ref.kind === 'ClusterComponentType'
      ? read(control, 'clustercomponenttypes', undefined, name)
      : read(control, 'componenttypes', component.metadata.namespace, name);
  if (!ct) return null;
  const ctSpec = isRecord(ct.spec) ? ct.spec : {};
  const allowed = (
    Array.isArray(ctSpec.allowedWorkflows) ? ctSpec.allowedWorkflows : []
  )
    .filter(isRecord)
    // The CRD defaults an allowed workflow's kind to ClusterWorkflow.
    .map(w => ({
      kind: text(w.kind) || 'ClusterWorkflow',
      name: text(w.name),
    }));
  return { name, allowed };
}

/**
 * `validateComponentWorkflowRun` (`internal/controller/workflowrun/controller_validate.go@v1.2.3`),
 * messages verbatim: neither label → a standalone run, not validated; one label → invalid; both →
 * the Component must exist in the run's namespace and belong to the labelled project, the
 * workflow must be in its ComponentType's `allowedWorkflows` (an empty list allows none), and
 * must be the component's own `spec.workflow` when it names one.
 */
export function validateComponentWorkflowRun(
  control: Cluster,
  run: KObject,
): ValidationOutcome {
  const labels = run.metadata.labels ?? {};
  const project = labels[LABEL_PROJECT] ?? '';
  const componentName = labels[LABEL_COMPONENT] ?? '';
  if (!project && !componentName) return { kind: 'ok' };
  if (!project || !componentName)
    return {
      kind: 'failed',
      message:
        'component workflow run must have both openchoreo.dev/project and openchoreo.dev/component labels',
    };
  let component: KObject | undefined;
  let ct: ReturnType<typeof resolveComponentType>;
  try {
    component = read(
      control,
      'components',
      run.metadata.namespace,
      componentName,
    );
    if (!component)
      return {
        kind: 'failed',
        message: `component "${componentName}" not found`,
      };
    const owner =
      isRecord(component.spec) && isRecord(component.spec.owner)
        ? text(component.spec.owner.projectName)
        : '';
    if (owner !== project)
      return {
        kind: 'failed',
        message: `workflow run project label "${project}" does not match component "${componentName}" owner project "${owner}"`,
      };
    ct = resolveComponentType(control, component);
  } catch (e) {
    return {
      kind: 'retry',
      reason: `failed to validate: ${(e as Error).message}`,
    };
  }
  const compSpec = isRecord(component.spec) ? component.spec : {};
  if (!ct) {
    const ref = isRecord(compSpec.componentType) ? compSpec.componentType : {};
    return {
      kind: 'failed',
      message: `component type "${text(
        ref.name,
      )}" not found for component "${componentName}"`,
    };
  }
  const wf = workflowRefOf(run);
  if (!ct.allowed.length)
    return {
      kind: 'failed',
      message: `no workflows are allowed by component type "${ct.name}", but workflow run references workflow ${wf.kind}/${wf.name}`,
    };
  if (!ct.allowed.some(a => a.kind === wf.kind && a.name === wf.name))
    return {
      kind: 'failed',
      message: `workflow ${wf.kind}/${
        wf.name
      } is not allowed for component type "${ct.name}"; allowed: [${ct.allowed
        .map(a => `${a.kind}/${a.name}`)
        .join(', ')}]`,
    };
  if (isRecord(compSpec.workflow)) {
    const own = {
      kind: text(compSpec.workflow.kind),
      name: text(compSpec.workflow.name),
    };
    if (own.kind !== wf.kind || own.name !== wf.name)
      return {
        kind: 'failed',
        message: `workflow run references workflow ${wf.kind}/${wf.name} but component "${componentName}" is configured with workflow ${own.kind}/${own.name}`,
      };
  }
  return { kind: 'ok' };
}

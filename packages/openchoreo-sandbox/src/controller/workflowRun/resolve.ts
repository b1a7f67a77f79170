import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';
import { OPENCHOREO_API, workflowRefOf } from './validate';

/** `DefaultPlaneName` (`internal/controller/reference.go@v1.2.3`). */
const DEFAULT_PLANE = 'default';

/** A resolution result: found, absent (upstream's `IsNotFound`), or a read error. */
export type Resolved<T> =
  | { kind: 'found'; value: T }
  | { kind: 'notFound'; message: string }
  | { kind: 'error'; message: string };

function get(
  control: Cluster,
  plural: string,
  namespace: string | undefined,
  name: string,
): KObject | undefined {
  return control.get(OPENCHOREO_API, plural, namespace, name);
}

/** Reads, turning a type the control plane does not serve into an error (not a NotFound). */
function attempt<T>(read: () => Resolved<T>): Resolved<T> {
  try {
    return read();
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
}

/**
 * `ResolveWorkflow` + `GetWorkflowSpec` (`internal/controller/reference.go@v1.2.3`): the run's
 * ClusterWorkflow (kind empty or `ClusterWorkflow`) or Workflow (in the run's namespace), as a
 * spec whose `workflowPlaneRef` of a ClusterWorkflow defaults to ClusterWorkflowPlane `default`.
 */
export function resolveWorkflow(
  control: Cluster,
  run: KObject,
): Resolved<Record<string, unknown>> {
  const ns = run.metadata.namespace!;
  const { kind, name } = workflowRefOf(run);
  return attempt(() => {
    if (kind === 'ClusterWorkflow' || kind === '') {
      const cw = get(control, 'clusterworkflows', undefined, name);
      if (!cw)
        return {
          kind: 'notFound',
          message: `clusterWorkflow '${name}' not found`,
        };
      const spec = isRecord(cw.spec) ? { ...cw.spec } : {};
      const ref = isRecord(spec.workflowPlaneRef)
        ? spec.workflowPlaneRef
        : undefined;
      spec.workflowPlaneRef = ref
        ? { kind: ref.kind, name: ref.name }
        : { kind: 'ClusterWorkflowPlane', name: DEFAULT_PLANE };
      return { kind: 'found', value: spec };
    }
    if (kind === 'Workflow') {
      const wf = get(control, 'workflows', ns, name);
      if (!wf)
        return {
          kind: 'notFound',
          message: `workflow '${name}' not found in namespace '${ns}'`,
        };
      return { kind: 'found', value: isRecord(wf.spec) ? wf.spec : {} };
    }
    return {
      kind: 'error',
      message: `unsupported workflowRef kind '${kind}' for workflow '${name}' in namespace '${ns}'`,
    };
  });
}

/**
 * `GetWorkflowPlaneFromRef` (`reference.go@v1.2.3`): the plane `workflowPlaneRef` names; without
 * a ref, WorkflowPlane `default` in the run's namespace, else ClusterWorkflowPlane `default`.
 */
export function resolveWorkflowPlane(
  control: Cluster,
  namespace: string,
  ref: unknown,
): Resolved<KObject> {
  return attempt(() => {
    if (!isRecord(ref)) {
      const wp =
        get(control, 'workflowplanes', namespace, DEFAULT_PLANE) ??
        get(control, 'clusterworkflowplanes', undefined, DEFAULT_PLANE);
      return wp
        ? { kind: 'found', value: wp }
        : {
            kind: 'notFound',
            message: `no WorkflowPlaneRef specified and neither default WorkflowPlane nor ClusterWorkflowPlane '${DEFAULT_PLANE}' found in namespace '${namespace}'`,
          };
    }
    const name = String(ref.name ?? '');
    if (ref.kind === 'WorkflowPlane') {
      const wp = get(control, 'workflowplanes', namespace, name);
      return wp
        ? { kind: 'found', value: wp }
        : {
            kind: 'notFound',
            message: `WorkflowPlane '${name}' not found in namespace '${namespace}'`,
          };
    }
    if (ref.kind === 'ClusterWorkflowPlane') {
      const cwp = get(control, 'clusterworkflowplanes', undefined, name);
      return cwp
        ? { kind: 'found', value: cwp }
        : {
            kind: 'notFound',
            message: `ClusterWorkflowPlane '${name}' not found`,
          };
    }
    return {
      kind: 'error',
      message: `unsupported WorkflowPlaneRef kind '${String(ref.kind)}'`,
    };
  });
}

/** `GetSecretStoreName`: `spec.secretStoreRef.name` of the plane, or empty. */
export function secretStoreOf(plane: KObject): string {
  const spec = isRecord(plane.spec) ? plane.spec : {};
  const ref = isRecord(spec.secretStoreRef) ? spec.secretStoreRef : {};
  return typeof ref.name === 'string' ? ref.name : '';
}

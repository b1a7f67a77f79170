import { NotFoundError } from '@backstage/errors';
import type {
  Component,
  ComponentDetail,
  ComponentV1,
  ComponentWorkflowRunConfig,
  RunWorkflowConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { GenerationDetector } from '../controlplane/GenerationDetector';

const DISPLAY_NAME = 'openchoreo.dev/display-name';
const DESCRIPTION = 'openchoreo.dev/description';

/** `spec.workflow` as a run's defaults: only the fields a run carries, and only when it names a workflow. */
function workflowDefaults(
  component: Component,
): ComponentWorkflowRunConfig | undefined {
  const workflow = component.spec?.workflow;
  if (!workflow || typeof workflow.name !== 'string' || !workflow.name)
    return undefined;
  const defaults: ComponentWorkflowRunConfig = {
    name: workflow.name,
    systemParameters: structuredClone(
      workflow.systemParameters ??
        ({} as ComponentWorkflowRunConfig['systemParameters']),
    ),
  };
  if (workflow.parameters !== undefined)
    defaults.parameters = structuredClone(workflow.parameters);
  return defaults;
}

/**
 * The API view both generations share: the name, project, display annotations and `autoBuild`.
 * `own` is what each generation reads its own way (`componentType`, `workflow`); absent values
 * are left out.
 */
function componentDetail(
  component: Component | ComponentV1,
  namespace: string,
  project: string,
  generation: ComponentDetail['generation'],
  own: Pick<ComponentDetail, 'componentType' | 'workflow'>,
): ComponentDetail {
  const annotations = component.metadata?.annotations ?? {};
  const detail: ComponentDetail = {
    namespace,
    project: component.spec?.owner?.projectName || project,
    name: component.metadata?.name ?? '',
    generation,
  };
  if (annotations[DISPLAY_NAME]) detail.displayName = annotations[DISPLAY_NAME];
  if (annotations[DESCRIPTION]) detail.description = annotations[DESCRIPTION];
  if (own.componentType) detail.componentType = own.componentType;
  if (own.workflow) detail.workflow = own.workflow;
  if (typeof component.spec?.autoBuild === 'boolean')
    detail.autoBuild = component.spec.autoBuild;
  return detail;
}

/** The API view of a Component (no cluster call). */
export function toComponentDetail(
  component: Component,
  namespace: string,
  project: string,
): ComponentDetail {
  return componentDetail(component, namespace, project, 'v0', {
    componentType: component.spec?.componentType,
    workflow: workflowDefaults(component),
  });
}

/** `spec.workflow` of a v1.x Component as a run's defaults, `kind` defaulting to ClusterWorkflow. */
function workflowDefaultsV1(
  component: ComponentV1,
): RunWorkflowConfig | undefined {
  const workflow = component.spec?.workflow;
  if (!workflow || typeof workflow.name !== 'string' || !workflow.name)
    return undefined;
  const defaults: RunWorkflowConfig = {
    kind: workflow.kind ?? 'ClusterWorkflow',
    name: workflow.name,
  };
  if (workflow.parameters !== undefined)
    defaults.parameters = structuredClone(workflow.parameters);
  return defaults;
}

/**
 * The API view of a v1.x Component (`component_types.go@v1.2.3`): `spec.componentType` is a
 * `{kind, name}` reference (its name is shown), `spec.workflow` is `{kind, name, parameters}` with
 * `kind` defaulting to ClusterWorkflow, and the repository lives in `parameters` at the paths the
 * Workflow's markers name.
 */
export function toComponentDetailV1(
  component: ComponentV1,
  namespace: string,
  project: string,
): ComponentDetail {
  return componentDetail(component, namespace, project, 'v1', {
    componentType: component.spec?.componentType?.name,
    workflow: workflowDefaultsV1(component),
  });
}

/** Serves `GET /components/:ns/:project/:component`: a Component and its build defaults. */
export class ComponentService {
  private readonly generations: GenerationDetector;
  private readonly v1: ControlPlaneV1;

  constructor(
    private readonly controlPlane: ControlPlane,
    options: { generations?: GenerationDetector } = {},
  ) {
    this.generations =
      options.generations ?? new GenerationDetector(controlPlane.kubernetes);
    this.v1 = new ControlPlaneV1(controlPlane.kubernetes);
  }

  /**
   * The Component, which must belong to `project`: a missing one is the control plane's 404
   * (`Component <ns>/<name> not found in control plane`), one of another project a 404 naming both.
   */
  async get(
    namespace: string,
    project: string,
    name: string,
  ): Promise<ComponentDetail> {
    const v1 = (await this.generations.of(namespace)) === 'v1';
    const component = v1
      ? await this.v1.getComponent(namespace, name)
      : await this.controlPlane.getComponent(namespace, name);
    const owner = component.spec?.owner?.projectName;
    if (owner && owner !== project) {
      throw new NotFoundError(
        `Component ${namespace}/${name} not found in project ${project} (it belongs to project ${owner})`,
      );
    }
    return v1
      ? toComponentDetailV1(component as ComponentV1, namespace, project)
      : toComponentDetail(component as Component, namespace, project);
  }
}

import { NotFoundError } from '@backstage/errors';
import type {
  Component,
  ComponentDetail,
  ComponentWorkflowRunConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';

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

/** The API view of a Component (no cluster call). */
export function toComponentDetail(
  component: Component,
  namespace: string,
  project: string,
): ComponentDetail {
  const annotations = component.metadata?.annotations ?? {};
  const detail: ComponentDetail = {
    namespace,
    project: component.spec?.owner?.projectName || project,
    name: component.metadata?.name ?? '',
    generation: 'v0',
  };
  if (annotations[DISPLAY_NAME]) detail.displayName = annotations[DISPLAY_NAME];
  if (annotations[DESCRIPTION]) detail.description = annotations[DESCRIPTION];
  if (component.spec?.componentType)
    detail.componentType = component.spec.componentType;
  const workflow = workflowDefaults(component);
  if (workflow) detail.workflow = workflow;
  if (typeof component.spec?.autoBuild === 'boolean')
    detail.autoBuild = component.spec.autoBuild;
  return detail;
}

/** Serves `GET /components/:ns/:project/:component`: a Component and its build defaults. */
export class ComponentService {
  constructor(private readonly controlPlane: ControlPlane) {}

  /**
   * The Component, which must belong to `project`: a missing one is the control plane's 404
   * (`Component <ns>/<name> not found in control plane`), one of another project a 404 naming both.
   */
  async get(
    namespace: string,
    project: string,
    name: string,
  ): Promise<ComponentDetail> {
    const component = await this.controlPlane.getComponent(namespace, name);
    const owner = component.spec?.owner?.projectName;
    if (owner && owner !== project) {
      throw new NotFoundError(
        `Component ${namespace}/${name} not found in project ${project} (it belongs to project ${owner})`,
      );
    }
    return toComponentDetail(component, namespace, project);
  }
}

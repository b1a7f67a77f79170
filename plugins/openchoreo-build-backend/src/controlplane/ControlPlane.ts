import type {
  BuildPlane,
  Component,
  ComponentWorkflow,
  ComponentWorkflowRun,
  KubernetesList,
  KubernetesWatchEvent,
  ObservabilityPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  KubernetesClient,
  ListOptions,
  WatchHandle,
} from '../kubernetes/KubernetesClient';
import { RESOURCE_TYPES } from './resourceTypes';

/**
 * OpenChoreo's resources in the control plane (v0.x generation: BuildPlane, ComponentWorkflow,
 * ComponentWorkflowRun, Component). A v1 adapter (WorkflowPlane, Workflow, WorkflowRun) would be a
 * sibling class with the same methods.
 */
export class ControlPlane {
  constructor(readonly kubernetes: KubernetesClient) {}

  async listBuildPlanes(namespace: string): Promise<BuildPlane[]> {
    return (
      await this.kubernetes.list<BuildPlane>(
        RESOURCE_TYPES.buildPlane,
        namespace,
      )
    ).items;
  }

  getBuildPlane(namespace: string, name: string): Promise<BuildPlane> {
    return this.kubernetes.get<BuildPlane>(
      RESOURCE_TYPES.buildPlane,
      namespace,
      name,
    );
  }

  async listComponentWorkflows(
    namespace: string,
  ): Promise<ComponentWorkflow[]> {
    return (
      await this.kubernetes.list<ComponentWorkflow>(
        RESOURCE_TYPES.componentWorkflow,
        namespace,
      )
    ).items;
  }

  getComponentWorkflow(
    namespace: string,
    name: string,
  ): Promise<ComponentWorkflow> {
    return this.kubernetes.get<ComponentWorkflow>(
      RESOURCE_TYPES.componentWorkflow,
      namespace,
      name,
    );
  }

  /**
   * The ObservabilityPlane a BuildPlane names (v0.8+), undefined when it does not exist. A v0.16+
   * `ClusterObservabilityPlane` reference is read cluster-wide.
   */
  findObservabilityPlane(
    kind: 'ObservabilityPlane' | 'ClusterObservabilityPlane',
    namespace: string,
    name: string,
  ): Promise<ObservabilityPlane | undefined> {
    if (kind === 'ClusterObservabilityPlane') {
      return this.kubernetes.findClusterScoped<ObservabilityPlane>(
        RESOURCE_TYPES.clusterObservabilityPlane,
        name,
      );
    }
    return this.kubernetes.find<ObservabilityPlane>(
      RESOURCE_TYPES.observabilityPlane,
      namespace,
      name,
    );
  }

  getComponent(namespace: string, name: string): Promise<Component> {
    return this.kubernetes.get<Component>(
      RESOURCE_TYPES.component,
      namespace,
      name,
    );
  }

  listRuns(
    namespace: string,
    options: ListOptions,
  ): Promise<KubernetesList<ComponentWorkflowRun>> {
    return this.kubernetes.list<ComponentWorkflowRun>(
      RESOURCE_TYPES.componentWorkflowRun,
      namespace,
      options,
    );
  }

  getRun(namespace: string, name: string): Promise<ComponentWorkflowRun> {
    return this.kubernetes.get<ComponentWorkflowRun>(
      RESOURCE_TYPES.componentWorkflowRun,
      namespace,
      name,
    );
  }

  findRun(
    namespace: string,
    name: string,
  ): Promise<ComponentWorkflowRun | undefined> {
    return this.kubernetes.find<ComponentWorkflowRun>(
      RESOURCE_TYPES.componentWorkflowRun,
      namespace,
      name,
    );
  }

  createRun(
    namespace: string,
    run: ComponentWorkflowRun,
  ): Promise<ComponentWorkflowRun> {
    return this.kubernetes.create<ComponentWorkflowRun>(
      RESOURCE_TYPES.componentWorkflowRun,
      namespace,
      run,
    );
  }

  watchRuns(
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: KubernetesWatchEvent<ComponentWorkflowRun>) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle> {
    return this.kubernetes.watch<ComponentWorkflowRun>(
      RESOURCE_TYPES.componentWorkflowRun,
      namespace,
      resourceVersion,
      onEvent,
      onClose,
    );
  }
}

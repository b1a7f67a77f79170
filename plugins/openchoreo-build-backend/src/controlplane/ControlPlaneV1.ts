import type {
  ComponentTypeV1,
  ComponentV1,
  KubernetesList,
  KubernetesWatchEvent,
  Workflow,
  WorkflowKind,
  WorkflowPlane,
  WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type {
  KubernetesClient,
  ListOptions,
  WatchHandle,
} from '../kubernetes/KubernetesClient';
import { RESOURCE_TYPES } from './resourceTypes';

/**
 * OpenChoreo's v1.x build resources in the control plane (`api/v1alpha1/*_types.go@v1.2.3`):
 * WorkflowPlane / ClusterWorkflowPlane, Workflow / ClusterWorkflow, WorkflowRun, and the
 * Component / ComponentType fields a build needs. The v0.x sibling is {@link ControlPlane}; both
 * share one {@link KubernetesClient}.
 */
export class ControlPlaneV1 {
  constructor(readonly kubernetes: KubernetesClient) {}

  async listWorkflowPlanes(namespace: string): Promise<WorkflowPlane[]> {
    return (
      await this.kubernetes.list<WorkflowPlane>(
        RESOURCE_TYPES.workflowPlane,
        namespace,
      )
    ).items;
  }

  async listClusterWorkflowPlanes(): Promise<WorkflowPlane[]> {
    return (
      await this.kubernetes.listClusterScoped<WorkflowPlane>(
        RESOURCE_TYPES.clusterWorkflowPlane,
      )
    ).items;
  }

  /** The plane a Workflow names; undefined when it does not exist. */
  findWorkflowPlane(
    kind: 'WorkflowPlane' | 'ClusterWorkflowPlane',
    namespace: string,
    name: string,
  ): Promise<WorkflowPlane | undefined> {
    return kind === 'ClusterWorkflowPlane'
      ? this.kubernetes.findClusterScoped<WorkflowPlane>(
          RESOURCE_TYPES.clusterWorkflowPlane,
          name,
        )
      : this.kubernetes.find<WorkflowPlane>(
          RESOURCE_TYPES.workflowPlane,
          namespace,
          name,
        );
  }

  async listWorkflows(namespace: string): Promise<Workflow[]> {
    return (
      await this.kubernetes.list<Workflow>(RESOURCE_TYPES.workflow, namespace)
    ).items;
  }

  async listClusterWorkflows(): Promise<Workflow[]> {
    return (
      await this.kubernetes.listClusterScoped<Workflow>(
        RESOURCE_TYPES.clusterWorkflow,
      )
    ).items;
  }

  /** A Workflow (in `namespace`) or ClusterWorkflow; undefined when it does not exist. */
  findWorkflow(
    kind: WorkflowKind,
    namespace: string,
    name: string,
  ): Promise<Workflow | undefined> {
    return kind === 'ClusterWorkflow'
      ? this.kubernetes.findClusterScoped<Workflow>(
          RESOURCE_TYPES.clusterWorkflow,
          name,
        )
      : this.kubernetes.find<Workflow>(
          RESOURCE_TYPES.workflow,
          namespace,
          name,
        );
  }

  getComponent(namespace: string, name: string): Promise<ComponentV1> {
    return this.kubernetes.get<ComponentV1>(
      RESOURCE_TYPES.component,
      namespace,
      name,
    );
  }

  /** A ComponentType (in `namespace`) or ClusterComponentType; undefined when it does not exist. */
  findComponentType(
    kind: 'ComponentType' | 'ClusterComponentType',
    namespace: string,
    name: string,
  ): Promise<ComponentTypeV1 | undefined> {
    return kind === 'ClusterComponentType'
      ? this.kubernetes.findClusterScoped<ComponentTypeV1>(
          RESOURCE_TYPES.clusterComponentType,
          name,
        )
      : this.kubernetes.find<ComponentTypeV1>(
          RESOURCE_TYPES.componentType,
          namespace,
          name,
        );
  }

  listRuns(
    namespace: string,
    options: ListOptions,
  ): Promise<KubernetesList<WorkflowRun>> {
    return this.kubernetes.list<WorkflowRun>(
      RESOURCE_TYPES.workflowRun,
      namespace,
      options,
    );
  }

  getRun(namespace: string, name: string): Promise<WorkflowRun> {
    return this.kubernetes.get<WorkflowRun>(
      RESOURCE_TYPES.workflowRun,
      namespace,
      name,
    );
  }

  findRun(namespace: string, name: string): Promise<WorkflowRun | undefined> {
    return this.kubernetes.find<WorkflowRun>(
      RESOURCE_TYPES.workflowRun,
      namespace,
      name,
    );
  }

  createRun(namespace: string, run: WorkflowRun): Promise<WorkflowRun> {
    return this.kubernetes.create<WorkflowRun>(
      RESOURCE_TYPES.workflowRun,
      namespace,
      run,
    );
  }

  watchRuns(
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: KubernetesWatchEvent<WorkflowRun>) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle> {
    return this.kubernetes.watch<WorkflowRun>(
      RESOURCE_TYPES.workflowRun,
      namespace,
      resourceVersion,
      onEvent,
      onClose,
    );
  }
}

import type {
  Component,
  ComponentV1,
  Workflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { GenerationDetector } from '../controlplane/GenerationDetector';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import {
  candidateOfV0,
  candidateOfV1,
  workflowOfV1,
  type AutoBuildCandidate,
} from './componentRepository';

/** What reading components for auto-build needs from the control plane. */
export interface AutoBuildComponentsOptions {
  kubernetes: Pick<KubernetesClient, 'list'>;
  /** Each organization's generation (the shared detector, `registry.generations`). */
  generations: Pick<GenerationDetector, 'of'>;
  v1: Pick<ControlPlaneV1, 'findWorkflow'>;
}

/**
 * The (Cluster)Workflows of one pass, each read once however many components name it: a delivery
 * sees one consistent version of each. A Workflow that does not exist is undefined; any other
 * failure rejects (the delivery fails and the provider redelivers it).
 */
class WorkflowsOfOnePass {
  private readonly read = new Map<string, Promise<Workflow | undefined>>();

  constructor(private readonly v1: Pick<ControlPlaneV1, 'findWorkflow'>) {}

  of(namespace: string, component: ComponentV1): Promise<Workflow | undefined> {
    const reference = workflowOfV1(component);
    if (!reference) return Promise.resolve(undefined);
    const key =
      reference.kind === 'ClusterWorkflow'
        ? `ClusterWorkflow/${reference.name}`
        : `Workflow/${namespace}/${reference.name}`;
    let workflow = this.read.get(key);
    if (!workflow) {
      workflow = this.v1.findWorkflow(
        reference.kind,
        namespace,
        reference.name,
      );
      this.read.set(key, workflow);
    }
    return workflow;
  }
}

/**
 * Reads Components for auto-build in the generation each organization speaks, as
 * {@link AutoBuildCandidate}s: v0 as they are, v1 through their Workflow's repository markers.
 */
export class AutoBuildComponents {
  constructor(private readonly options: AutoBuildComponentsOptions) {}

  /**
   * Every Component of `namespaces`. The Workflows of v1 components are read only for those with
   * autoBuild on (the others are never built by a push), once per Workflow per call.
   */
  async list(namespaces: string[]): Promise<AutoBuildCandidate[]> {
    const workflows = new WorkflowsOfOnePass(this.options.v1);
    const lists = await Promise.all(
      namespaces.map(async namespace => {
        const generation = await this.options.generations.of(namespace);
        const { items } = await this.options.kubernetes.list<
          Component | ComponentV1
        >(RESOURCE_TYPES.component, namespace);
        return Promise.all(
          items.map(item =>
            this.toCandidate(generation, namespace, item, workflows),
          ),
        );
      }),
    );
    return lists.flat();
  }

  /** One Component already read (the autoBuild status card). */
  async describe(
    namespace: string,
    component: Component | ComponentV1,
  ): Promise<AutoBuildCandidate> {
    const generation = await this.options.generations.of(namespace);
    return this.toCandidate(
      generation,
      namespace,
      component,
      new WorkflowsOfOnePass(this.options.v1),
      true,
    );
  }

  private async toCandidate(
    generation: 'v0' | 'v1',
    namespace: string,
    component: Component | ComponentV1,
    workflows: WorkflowsOfOnePass,
    always = false,
  ): Promise<AutoBuildCandidate> {
    if (generation === 'v0')
      return candidateOfV0(component as Component, namespace);
    const v1 = component as ComponentV1;
    const workflow =
      always || v1.spec?.autoBuild === true
        ? await workflows.of(namespace, v1)
        : undefined;
    const candidate = candidateOfV1(v1, namespace, workflow);
    // A Component with autoBuild off is never built: its Workflow was not read, so say nothing of it.
    return always || candidate.autoBuild
      ? candidate
      : { ...candidate, problem: undefined };
  }
}

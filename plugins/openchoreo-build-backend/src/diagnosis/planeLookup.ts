import { isError, NotFoundError } from '@backstage/errors';
import type {
  BuildPlane,
  BuildPlaneMode,
  ComponentWorkflow,
  Workflow,
  WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ResolvedWorkflowPlane } from '../buildplane/BuildPlaneRegistry';
import type { WorkflowPlaneKind } from '../buildplane/connectionPlan';
import {
  workflowPlaneCandidates,
  type WorkflowPlaneCandidate,
} from '../buildplane/workflowPlaneRef';
import type { BuildRun } from '../runs/buildRun';
import { v1WorkflowOf } from '../runs/runPlane';
import type { ReadBudget } from './budget';
import type { ResourceTemplates } from './externalSecretFacts';
import type { DiagnosisFacts, FactGap, PlaneRef } from './facts';
import type { BuildPlaneReads } from './planeReads';
import { planeLabel, templateLabel } from './rules/planeText';

/** Where the facts come from (the control plane, the registry's connectors; fakes in tests). */
export interface FactSources {
  /** v0: the BuildPlanes of a namespace (the controllers use the first). */
  listBuildPlanes(namespace: string): Promise<BuildPlane[]>;
  /** v0; NotFoundError when it does not exist. */
  getComponentWorkflow(
    namespace: string,
    name: string,
  ): Promise<ComponentWorkflow>;
  modeOf(plane: BuildPlane): BuildPlaneMode;
  buildPlaneReads(plane: BuildPlane): Promise<BuildPlaneReads>;
  /** v1: a Workflow (in `namespace`) or ClusterWorkflow; undefined when it does not exist. */
  findWorkflow(
    kind: WorkflowKind,
    namespace: string,
    name: string,
  ): Promise<Workflow | undefined>;
  /** v1: one WorkflowPlane / ClusterWorkflowPlane; undefined when it does not exist. */
  findWorkflowPlane(
    kind: WorkflowPlaneKind,
    namespace: string,
    name: string,
  ): Promise<ResolvedWorkflowPlane | undefined>;
  workflowPlaneMode(plane: ResolvedWorkflowPlane): BuildPlaneMode;
  workflowPlaneReads(plane: ResolvedWorkflowPlane): Promise<BuildPlaneReads>;
}

/** The plane a run executes on, not yet opened. */
export interface PlaneOpener {
  /** Names the plane in gaps, e.g. "build plane acme/default", "WorkflowPlane nova/default". */
  label: string;
  open(): Promise<BuildPlaneReads>;
}

/** The run's template and plane, read concurrently where the generation allows. */
export interface PlaneLookup {
  /** The template, for rendering its ExternalSecrets; undefined when missing or unreadable. */
  template: Promise<ResourceTemplates | undefined>;
  /** The run's plane; undefined when it does not exist or could not be found out. */
  plane: Promise<PlaneOpener | undefined>;
}

export interface LookupContext {
  run: BuildRun;
  /** Filled in: `workflow`, `plane`. */
  facts: DiagnosisFacts;
  sources: FactSources;
  budget: ReadBudget;
  gap(gap: FactGap): void;
}

function reasonOf(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/**
 * v0: the ComponentWorkflow and, at the same time, the first BuildPlane of the run's namespace
 * (the one OpenChoreo's controllers use, `BuildPlaneRegistry.activeBuildPlane`).
 */
export function lookUpV0(context: LookupContext): PlaneLookup {
  const { facts, sources, budget, gap } = context;
  const namespace = facts.run.namespace;

  async function readComponentWorkflow(
    name: string,
  ): Promise<ComponentWorkflow | undefined> {
    try {
      const workflow = await budget.within(
        sources.getComponentWorkflow(namespace, name),
      );
      facts.workflow = { kind: 'ComponentWorkflow', name, exists: true };
      return workflow;
    } catch (error) {
      if (error instanceof NotFoundError) {
        facts.workflow = { kind: 'ComponentWorkflow', name, exists: false };
      } else {
        gap({
          kind: 'read',
          what: `ComponentWorkflow ${namespace}/${name}`,
          reason: reasonOf(error),
        });
      }
      return undefined;
    }
  }

  async function findPlane(): Promise<PlaneOpener | undefined> {
    let planes: BuildPlane[];
    try {
      planes = await budget.within(sources.listBuildPlanes(namespace));
    } catch (error) {
      gap({
        kind: 'read',
        what: `the BuildPlanes of ${namespace}`,
        reason: reasonOf(error),
      });
      return undefined;
    }
    const first = planes[0];
    if (!first) {
      facts.plane = { kind: 'BuildPlane', exists: false, namespace };
      return undefined;
    }
    const name = first.metadata?.name;
    facts.plane = {
      kind: 'BuildPlane',
      exists: true,
      name,
      namespace,
      mode: sources.modeOf(first),
      agentConnection: first.status?.agentConnection,
    };
    return {
      label: `build plane ${namespace}/${name}`,
      open: () => sources.buildPlaneReads(first),
    };
  }

  const name = facts.run.workflowName;
  return {
    template: name ? readComponentWorkflow(name) : Promise.resolve(undefined),
    plane: findPlane(),
  };
}

/**
 * v1: the run's Workflow / ClusterWorkflow, then the plane it names, tried in the order
 * OpenChoreo's controller tries them (`workflowPlaneCandidates`, as
 * `BuildPlaneRegistry.workflowPlaneFor` resolves it). A Workflow that is missing or unreadable
 * leaves the plane unknown: the controller fails such a run, and no plane can be guessed.
 */
export function lookUpV1(context: LookupContext): PlaneLookup {
  const { run, facts, sources, budget, gap } = context;
  const namespace = facts.run.namespace;
  const ref = v1WorkflowOf(run);

  async function readWorkflow(): Promise<Workflow | undefined> {
    if (!ref) return undefined;
    try {
      const workflow = await budget.within(
        sources.findWorkflow(ref.kind, namespace, ref.name),
      );
      facts.workflow = { ...ref, exists: workflow !== undefined };
      return workflow;
    } catch (error) {
      gap({
        kind: 'read',
        what: templateLabel(ref, namespace),
        reason: reasonOf(error),
      });
      return undefined;
    }
  }

  async function findPlane(
    workflow: Workflow | undefined,
  ): Promise<PlaneOpener | undefined> {
    if (ref && !workflow) return undefined;
    const candidates = workflowPlaneCandidates(ref?.kind, workflow);
    const refOf = (c: WorkflowPlaneCandidate): PlaneRef => ({
      ...c,
      namespace: c.kind === 'WorkflowPlane' ? namespace : undefined,
    });
    for (const candidate of candidates) {
      let found: ResolvedWorkflowPlane | undefined;
      try {
        found = await budget.within(
          sources.findWorkflowPlane(candidate.kind, namespace, candidate.name),
        );
      } catch (error) {
        gap({
          kind: 'read',
          what: planeLabel(refOf(candidate)),
          reason: reasonOf(error),
        });
        return undefined;
      }
      if (!found) continue;
      const plane = found;
      facts.plane = {
        ...refOf(candidate),
        exists: true,
        name: plane.plane.metadata?.name ?? candidate.name,
        mode: sources.workflowPlaneMode(plane),
        agentConnection: plane.plane.status?.agentConnection,
      };
      return {
        label: planeLabel(refOf(candidate)),
        open: () => sources.workflowPlaneReads(plane),
      };
    }
    const wanted = candidates.map(refOf);
    facts.plane = { ...wanted[0], exists: false, candidates: wanted };
    return undefined;
  }

  const template = readWorkflow();
  return { template, plane: template.then(findPlane) };
}

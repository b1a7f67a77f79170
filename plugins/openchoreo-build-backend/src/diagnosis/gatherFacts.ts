import { isError, NotFoundError } from '@backstage/errors';
import type {
  BuildPlane,
  BuildPlaneMode,
  ComponentWorkflow,
  ExternalSecret,
  RunDetail,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { argoNamespaceOf, type BuildRun } from '../runs/buildRun';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { ReadBudget } from './budget';
import {
  externalSecretFacts,
  externalSecretNamespaces,
  type RenderContext,
} from './externalSecretFacts';
import type {
  ContainerFacts,
  DiagnosisFacts,
  FactGap,
  PlaneFacts,
  PodFacts,
  RunFacts,
  StepLogTail,
} from './facts';
import type { ContainerStatus, CoreEvent, Pod } from './kubeObjects';
import type { BuildPlaneReads } from './planeReads';
import { findStepPods } from './stepPods';
import { displayName } from './stepName';

/** Where the facts come from (the control plane, the registry's connectors; fakes in tests). */
export interface FactSources {
  listBuildPlanes(namespace: string): Promise<BuildPlane[]>;
  /** NotFoundError when it does not exist. */
  getComponentWorkflow(
    namespace: string,
    name: string,
  ): Promise<ComponentWorkflow>;
  modeOf(plane: BuildPlane): BuildPlaneMode;
  buildPlaneReads(plane: BuildPlane): Promise<BuildPlaneReads>;
}

export interface GatherOptions {
  /** Total time for all reads; what has not answered by then becomes a gap. */
  budgetMs: number;
  /** The clock (ms); facts are as of this time. */
  now: number;
  /** Pods of unfinished steps read at most (the first ones in step order). */
  maxPods?: number;
}

const DEFAULT_MAX_PODS = 5;
const UNFINISHED_PHASES = new Set(['Pending', 'Running']);
const FAILED_PHASES = new Set(['Failed', 'Error']);

function reasonOf(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

function runFactsOf(run: BuildRun, detail: RunDetail): RunFacts {
  const reference = run.runReference;
  return {
    namespace: detail.namespace,
    name: detail.name,
    status: detail.status,
    createdAt: detail.createdAt,
    conditions: detail.conditions,
    workflowName: run.workflow?.name || undefined,
    runReference: reference?.name
      ? { namespace: reference.namespace || undefined, name: reference.name }
      : undefined,
    execution: {
      found: detail.execution.found,
      phase: detail.execution.phase,
    },
    steps: detail.steps,
  };
}

function containerFacts(
  statuses: ContainerStatus[] | undefined,
  init: boolean,
): ContainerFacts[] {
  return (statuses ?? []).map(status => ({
    name: status.name ?? '',
    init,
    waiting: status.state?.waiting,
    terminated: status.state?.terminated,
  }));
}

function podFactsOf(pod: Pod, step: string, namespace: string): PodFacts {
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled',
  );
  return {
    name: pod.metadata?.name ?? '',
    namespace,
    step,
    phase: pod.status?.phase,
    createdAt: pod.metadata?.creationTimestamp,
    unschedulable:
      scheduled?.status === 'False'
        ? scheduled.message ?? scheduled.reason ?? ''
        : undefined,
    containers: [
      ...containerFacts(pod.status?.initContainerStatuses, true),
      ...containerFacts(pod.status?.containerStatuses, false),
    ],
  };
}

/** A pod that is not simply running: some container waits, or the pod is not scheduled. */
function isHeldBack(pod: PodFacts): boolean {
  return (
    pod.unschedulable !== undefined ||
    pod.containers.some(c => c.waiting?.reason !== undefined)
  );
}

function eventFacts(events: CoreEvent[]) {
  return events.map(e => ({
    type: e.type,
    reason: e.reason,
    message: e.message,
    count: e.series?.count ?? e.count,
    lastSeen:
      e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? undefined,
  }));
}

/**
 * Reads what the diagnosis rules need about one run, concurrently and within one time budget.
 * Every read is optional: a read that fails or runs out of time becomes a gap, never an error of
 * the request. Control plane: the BuildPlanes of the namespace and the ComponentWorkflow. Build
 * plane (through the first BuildPlane, as OpenChoreo uses it): the pods of unfinished steps and
 * the events of those held back, the run's ExternalSecrets, and the failed step's log tail.
 */
export async function gatherFacts(
  run: BuildRun,
  detail: RunDetail,
  sources: FactSources,
  options: GatherOptions,
): Promise<DiagnosisFacts> {
  const facts: DiagnosisFacts = {
    now: options.now,
    run: runFactsOf(run, detail),
    pods: [],
    externalSecrets: [],
    gaps: [],
  };
  const gap = (g: FactGap) => facts.gaps.push(g);
  const budget = new ReadBudget(options.budgetMs);
  const namespace = facts.run.namespace;
  const workflowNamespace = argoNamespaceOf(run);

  async function readComponentWorkflow(
    name: string,
  ): Promise<ComponentWorkflow | undefined> {
    try {
      const workflow = await budget.within(
        sources.getComponentWorkflow(namespace, name),
      );
      facts.componentWorkflow = { name, exists: true };
      return workflow;
    } catch (error) {
      if (error instanceof NotFoundError) {
        facts.componentWorkflow = { name, exists: false };
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

  async function readPlane(): Promise<BuildPlaneReads | undefined> {
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
    const plane: PlaneFacts = { count: planes.length };
    if (first) {
      plane.name = first.metadata?.name;
      plane.mode = sources.modeOf(first);
      plane.agentConnection = first.status?.agentConnection;
    }
    facts.buildPlane = plane;
    if (!first) return undefined;
    // Nothing is in the build plane before the controller created the Workflow, and nothing
    // can be read through a plane whose agent is known to be away (planeRules says so).
    if (!facts.run.runReference && facts.run.status === 'Pending')
      return undefined;
    if (plane.mode === 'agent' && plane.agentConnection?.connected === false)
      return undefined;
    try {
      return await budget.within(sources.buildPlaneReads(first));
    } catch (error) {
      gap({
        kind: 'read',
        what: `build plane ${namespace}/${plane.name}`,
        reason: reasonOf(error),
      });
      return undefined;
    }
  }

  async function readSteps(reads: BuildPlaneReads): Promise<void> {
    const unfinished = facts.run.steps
      .filter(s => UNFINISHED_PHASES.has(s.phase))
      .slice(0, options.maxPods ?? DEFAULT_MAX_PODS);
    const failed = facts.run.steps.find(
      s => FAILED_PHASES.has(s.phase) && !s.exitHandler,
    );
    const workflow = facts.run.runReference?.name || facts.run.name;
    let pods: Map<string, Pod | undefined>;
    try {
      pods = await findStepPods(
        reads,
        budget,
        { namespace: workflowNamespace, workflow },
        failed ? [...unfinished, failed] : unfinished,
      );
    } catch (error) {
      gap({
        kind: 'read',
        what: `the pods of workflow ${workflowNamespace}/${workflow}`,
        reason: reasonOf(error),
      });
      return;
    }
    const described = await Promise.all(
      unfinished.map(step => describePod(reads, step, pods.get(step.id))),
    );
    facts.pods = described.filter((p): p is PodFacts => p !== undefined);
    const failedPod = failed && pods.get(failed.id)?.metadata?.name;
    if (failed && failedPod) await readFailedStepLog(reads, failed, failedPod);
  }

  /** The pod's state and, when it is held back, its events. */
  async function describePod(
    reads: BuildPlaneReads,
    step: RunStep,
    pod: Pod | undefined,
  ): Promise<PodFacts | undefined> {
    const name = pod?.metadata?.name;
    if (!pod || !name) return undefined;
    const result = podFactsOf(pod, displayName(step), workflowNamespace);
    if (!isHeldBack(result)) return result;
    try {
      result.events = eventFacts(
        await budget.within(
          reads.listPodEvents(workflowNamespace, name, budget.signal),
        ),
      );
    } catch (error) {
      const status = upstreamStatusOf(error);
      gap({
        kind: 'events',
        what: `the events of pod ${name}`,
        reason:
          status === 403 || status === 401
            ? `${reads.label} answered HTTP ${status} (not allowed to list events in ${workflowNamespace})`
            : reasonOf(error),
        fallback:
          "The containers' waiting reason and message were used instead.",
      });
    }
    return result;
  }

  async function readFailedStepLog(
    reads: BuildPlaneReads,
    step: RunStep,
    podName: string,
  ): Promise<void> {
    try {
      facts.failedStepLog = await budget.within<StepLogTail>(
        reads.readLogTail(workflowNamespace, podName, step.id, budget.signal),
      );
    } catch (error) {
      // Deleted meanwhile (the Workflow's TTL): the log route reads the archive then.
      if (error instanceof NotFoundError) return;
      gap({
        kind: 'read',
        what: `the log of step ${displayName(step)}`,
        reason: reasonOf(error),
        fallback: "The step's name was used to explain the failure.",
      });
    }
  }

  async function readExternalSecrets(
    reads: BuildPlaneReads,
    workflowRead: Promise<ComponentWorkflow | undefined>,
  ): Promise<void> {
    const workflow = await workflowRead;
    const context: RenderContext = {
      orgName: namespace,
      projectName: run.project,
      componentName: run.component,
      workflowRunName: facts.run.name,
    };
    const input = {
      context,
      workflowNamespace,
      resources: detail.resources,
      workflow,
    };
    const namespaces = externalSecretNamespaces(input).slice(0, 3);
    const listed: ExternalSecret[] = [];
    for (const ns of namespaces) {
      try {
        listed.push(...(await budget.within(reads.listExternalSecrets(ns))));
      } catch (error) {
        gap({
          kind: 'read',
          what: `the ExternalSecrets in ${ns}`,
          reason: reasonOf(error),
        });
        return;
      }
    }
    facts.externalSecrets = externalSecretFacts({ ...input, listed });
    // The Ready condition does not name the missing key; the operator's UpdateFailed event does.
    const notReady = facts.externalSecrets.filter(s => s.state === 'NotReady');
    for (const ns of new Set(notReady.map(s => s.namespace))) {
      try {
        const failures = await budget.within(
          reads.listExternalSecretFailures(ns),
        );
        for (const secret of notReady.filter(s => s.namespace === ns)) {
          const failure = failures.get(secret.name)?.[0];
          if (failure) secret.failure = failure;
        }
      } catch (error) {
        gap({
          kind: 'read',
          what: `the ExternalSecret events in ${ns}`,
          reason: reasonOf(error),
          fallback:
            'The fix names no missing key: check the store’s keys as it says.',
        });
      }
    }
  }

  const workflowRead = facts.run.workflowName
    ? readComponentWorkflow(facts.run.workflowName)
    : Promise.resolve(undefined);
  try {
    await Promise.all([
      workflowRead,
      readPlane().then(async reads => {
        if (!reads) return;
        await Promise.all([
          readSteps(reads),
          readExternalSecrets(reads, workflowRead),
        ]);
      }),
    ]);
  } finally {
    budget.end();
  }
  return facts;
}

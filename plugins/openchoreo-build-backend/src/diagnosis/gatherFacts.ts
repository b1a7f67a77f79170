import { isError, NotFoundError } from '@backstage/errors';
import {
  workflowsNamespaceFor,
  type ExternalSecret,
  type RunDetail,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { argoNamespaceOf, type BuildRun } from '../runs/buildRun';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { ReadBudget } from './budget';
import {
  externalSecretFacts,
  externalSecretNamespaces,
  type RenderContext,
  type ResourceTemplates,
} from './externalSecretFacts';
import type {
  ContainerFacts,
  DiagnosisFacts,
  FactGap,
  PodFacts,
  RunFacts,
  StepLogTail,
} from './facts';
import type { ContainerStatus, CoreEvent, Pod } from './kubeObjects';
import {
  lookUpV0,
  lookUpV1,
  type FactSources,
  type LookupContext,
  type PlaneOpener,
} from './planeLookup';
import type { BuildPlaneReads } from './planeReads';
import { isAgentDisconnected } from './rules/planeRules';
import { findStepPods } from './stepPods';
import { displayName } from './stepName';

export type { FactSources } from './planeLookup';

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
    generation: run.generation,
    namespace: detail.namespace,
    name: detail.name,
    status: detail.status,
    createdAt: detail.createdAt,
    conditions: detail.conditions,
    workflowName: run.workflow?.name || undefined,
    workflowKind: run.workflow?.kind,
    workflowNamespace: argoNamespaceOf(run),
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
 * the request. Control plane (planeLookup.ts): v0 the BuildPlanes of the namespace and the
 * ComponentWorkflow; v1 the Workflow / ClusterWorkflow and the plane it names. Through the run's
 * plane: the pods of unfinished steps and the events of those held back, the run's
 * ExternalSecrets, and the failed step's log tail.
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
  const workflowNamespace = facts.run.workflowNamespace;

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
    templateRead: Promise<ResourceTemplates | undefined>,
  ): Promise<void> {
    const workflow = await templateRead;
    // v1 renders every resource into workflows-<ns> (internal/pipeline/workflow/pipeline.go@v1.2.3:115-119, 212).
    const enforcedNamespace =
      run.generation === 'v1' ? workflowsNamespaceFor(namespace) : undefined;
    const context: RenderContext = enforcedNamespace
      ? {
          namespaceName: namespace,
          workflowRunName: facts.run.name,
          namespace: enforcedNamespace,
        }
      : {
          orgName: namespace,
          projectName: run.project,
          componentName: run.component,
          workflowRunName: facts.run.name,
        };
    const input = {
      context,
      workflowNamespace,
      enforcedNamespace,
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

  /** The run's plane, opened unless there is nothing to read there yet. */
  async function openPlane(
    plane: Promise<PlaneOpener | undefined>,
  ): Promise<BuildPlaneReads | undefined> {
    const opener = await plane;
    if (!opener) return undefined;
    // Nothing is in the plane before the controller created the Workflow, and nothing can be
    // read through a plane whose agent is known to be away (planeRules says so).
    if (!facts.run.runReference && facts.run.status === 'Pending')
      return undefined;
    if (isAgentDisconnected(facts.plane)) return undefined;
    try {
      return await budget.within(opener.open());
    } catch (error) {
      gap({ kind: 'read', what: opener.label, reason: reasonOf(error) });
      return undefined;
    }
  }

  const lookupContext: LookupContext = { run, facts, sources, budget, gap };
  const lookup =
    run.generation === 'v1' ? lookUpV1(lookupContext) : lookUpV0(lookupContext);
  try {
    await Promise.all([
      lookup.template,
      openPlane(lookup.plane).then(async reads => {
        if (!reads) return;
        await Promise.all([
          readSteps(reads),
          readExternalSecrets(reads, lookup.template),
        ]);
      }),
    ]);
  } finally {
    budget.end();
  }
  return facts;
}

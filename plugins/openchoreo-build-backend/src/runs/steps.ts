import type {
  ArgoNodeStatus,
  ArgoWorkflow,
  RunStep,
  RunStepAttempt,
  RunStepPhase,
  WorkflowRunTask,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { redactCredentials } from '../diagnosis/quote';
import { displayPathOf, parseNodePath } from './argoNodePath';
import { argoPodName, podNameFormatOf } from './argoPodName';
import { argoStepDependencies } from './argoStepDependencies';

const PHASES: readonly RunStepPhase[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Error',
  'Skipped',
  'Omitted',
];

function phaseOf(value: unknown): RunStepPhase {
  return PHASES.includes(value as RunStepPhase)
    ? (value as RunStepPhase)
    : 'Pending';
}

function time(value: unknown): string | undefined {
  return typeof value === 'string' &&
    value !== '' &&
    !Number.isNaN(Date.parse(value))
    ? value
    : undefined;
}

function durationSeconds(
  startedAt?: string,
  finishedAt?: string,
): number | undefined {
  if (!startedAt || !finishedAt) return undefined;
  const seconds = (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000;
  return seconds >= 0 ? seconds : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

interface IndexedNode {
  key: string;
  node: ArgoNodeStatus;
}

/** `name(3)` → 3: Argo's retry attempt suffix. */
function attemptNumber(node: ArgoNodeStatus): number | undefined {
  const match = /\((\d+)\)$/.exec(
    str(node.name) ?? str(node.displayName) ?? '',
  );
  return match ? Number(match[1]) : undefined;
}

/**
 * Output parameters by name. Outputs reach the browser, so credentials are redacted as in quoted
 * log lines (`https://x-access-token:<token>@github.com/…`, as the GitOps templates build clone
 * URLs, becomes `https://[redacted]@github.com/…`).
 */
function outputsOf(node: ArgoNodeStatus | undefined): Record<string, string> {
  const outputs: Record<string, string> = {};
  const params = node?.outputs?.parameters;
  if (Array.isArray(params)) {
    for (const p of params) {
      if (p && typeof p.name === 'string' && typeof p.value === 'string')
        outputs[p.name] = redactCredentials(p.value);
    }
  }
  return outputs;
}

/** The template a node ran: `templateRef.template`, else `templateName` (Argo's `GetTemplateFromNode`). */
function templateOf(node: ArgoNodeStatus | undefined): string | undefined {
  return str(node?.templateRef?.template) ?? str(node?.templateName);
}

function stepName(
  node: ArgoNodeStatus,
  fallback: string,
  workflowName: string,
): string {
  let display = str(node.displayName) ?? str(node.name) ?? fallback;
  // Argo displays the exit handler node by its full name (`<wf>.onExit`): show the part below the workflow.
  if (workflowName && display.startsWith(`${workflowName}.`))
    display = display.slice(workflowName.length + 1);
  // A retry attempt shows as `build-step(1)`; the step itself is `build-step`.
  return display.replace(/\(\d+\)$/, '');
}

/**
 * Steps of an Argo Workflow: its Pod nodes (and Skipped/Omitted ones), attempts of a Retry node
 * grouped into one step, ordered by start time and then by their position in the node graph; the
 * exit handler's steps come after the main ones. Each step is keyed by its node id and carries its
 * display path (`sub-dag1.fail`), since display names repeat across nested templates, and the
 * ids of the steps it starts after (`dependsOn`, see `argoStepDependencies`).
 * Tolerates incomplete objects: null nodes, missing ids/names/times, children pointing nowhere.
 */
export function extractArgoSteps(workflow: ArgoWorkflow): RunStep[] {
  const workflowName = str(workflow.metadata?.name) ?? '';
  const podNameFormat = podNameFormatOf(workflow);
  const raw = workflow.status?.nodes;
  if (!raw || typeof raw !== 'object') return [];
  const nodes = new Map<string, ArgoNodeStatus>();
  for (const [key, node] of Object.entries(raw)) {
    if (node && typeof node === 'object') nodes.set(key, node);
  }

  // Graph position: breadth-first from the roots, following `children` that exist.
  const parent = new Map<string, string>();
  for (const [key, node] of nodes) {
    for (const child of Array.isArray(node.children) ? node.children : []) {
      if (nodes.has(child) && !parent.has(child) && child !== key)
        parent.set(child, key);
    }
  }
  const order = new Map<string, number>();
  const queue = [...nodes.keys()].filter(k => !parent.has(k));
  while (queue.length > 0) {
    const key = queue.shift()!;
    if (order.has(key)) continue;
    order.set(key, order.size);
    for (const child of nodes.get(key)?.children ?? []) {
      if (nodes.has(child) && !order.has(child)) queue.push(child);
    }
  }
  for (const key of nodes.keys())
    if (!order.has(key)) order.set(key, order.size);

  // Group attempts under their Retry node; everything else is its own step.
  const groups = new Map<string, IndexedNode[]>();
  for (const [key, node] of nodes) {
    const isPod = node.type === 'Pod';
    const isSkipped = node.type === 'Skipped' || node.phase === 'Omitted';
    const isRetry = node.type === 'Retry';
    if (!isPod && !isSkipped && !isRetry) continue;
    const parentKey = parent.get(key);
    const groupKey =
      isPod && parentKey && nodes.get(parentKey)?.type === 'Retry'
        ? parentKey
        : key;
    if (!groups.has(groupKey)) groups.set(groupKey, []);
    if (!isRetry) groups.get(groupKey)!.push({ key, node });
  }

  const steps: Array<
    RunStep & {
      groupKey: string;
      sortPhase: number;
      sortTime: number;
      sortOrder: number;
    }
  > = [];
  for (const [groupKey, members] of groups) {
    const owner = nodes.get(groupKey)!;
    const attempts: RunStepAttempt[] = members
      .map(({ key, node }, index) => {
        const startedAt = time(node.startedAt);
        const finishedAt = time(node.finishedAt);
        const nodeName = str(node.name);
        const nodeId = str(node.id) ?? key;
        return {
          nodeId,
          attempt: attemptNumber(node) ?? index,
          phase: phaseOf(node.phase),
          startedAt,
          finishedAt,
          durationSeconds: durationSeconds(startedAt, finishedAt),
          message: str(node.message),
          podName:
            node.type === 'Pod' && nodeName && workflowName
              ? argoPodName({
                  workflowName,
                  nodeName,
                  nodeId: str(node.id),
                  templateName: templateOf(node),
                  format: podNameFormat,
                })
              : undefined,
        };
      })
      .sort((a, b) => a.attempt - b.attempt);
    const last = attempts[attempts.length - 1];
    const lastNode = members.find(
      m => (str(m.node.id) ?? m.key) === last?.nodeId,
    )?.node;
    // A Retry whose attempts all exist still has no pod until its first attempt starts.
    if (owner.type === 'Retry' && members.length === 0 && !owner.phase)
      continue;
    const startedAt = time(owner.startedAt) ?? attempts[0]?.startedAt;
    const finishedAt = time(owner.finishedAt) ?? last?.finishedAt;
    const outputs = { ...outputsOf(owner), ...outputsOf(lastNode) };
    const hasName = str(owner.displayName) ?? str(owner.name);
    if (!hasName && !last) continue; // a node with neither name nor attempts says nothing useful
    const name = stepName(owner, groupKey, workflowName);
    // The owner (the Retry node of a retried step) names the step's place; its attempts add `(N)`.
    const pathName = str(owner.name) ?? str(lastNode?.name);
    const path = pathName ? parseNodePath(workflowName, pathName) : undefined;
    steps.push({
      id: str(owner.id) ?? groupKey,
      name,
      displayPath: (pathName && displayPathOf(workflowName, pathName)) ?? name,
      ...(path?.exitHandler ? { exitHandler: true } : {}),
      templateName: templateOf(owner),
      phase: phaseOf(owner.phase ?? last?.phase),
      startedAt,
      finishedAt,
      durationSeconds: durationSeconds(startedAt, finishedAt),
      message: str(owner.message) ?? last?.message,
      outputs,
      image: outputs.image,
      podName: last?.podName,
      nodeName: str(lastNode?.name) ?? str(owner.name),
      attempts,
      groupKey,
      sortPhase: path?.exitHandler ? 1 : 0,
      sortTime: startedAt ? Date.parse(startedAt) : Number.POSITIVE_INFINITY,
      sortOrder: order.get(groupKey) ?? 0,
    });
  }
  // The exit handler runs once the main steps are done: its steps follow them even while the
  // main ones have no start time yet.
  steps.sort(
    (a, b) =>
      a.sortPhase - b.sortPhase ||
      a.sortTime - b.sortTime ||
      a.sortOrder - b.sortOrder,
  );
  // Every node a step owns (its own, its attempts) names that step in the dependency walk.
  const stepIdOfNode = new Map<string, string>();
  for (const step of steps) {
    stepIdOfNode.set(step.groupKey, step.id);
    for (const member of groups.get(step.groupKey) ?? [])
      stepIdOfNode.set(member.key, step.id);
  }
  const dependencies = argoStepDependencies(
    nodes,
    key => stepIdOfNode.get(key),
    new Map(steps.map(step => [step.id, step.groupKey])),
  );
  return steps.map(
    ({
      groupKey: _g,
      sortPhase: _p,
      sortTime: _t,
      sortOrder: _o,
      ...step
    }) => ({ ...step, dependsOn: dependencies.get(step.id) ?? [] }),
  );
}

/** Steps from `status.tasks` (v1 WorkflowRun and later ComponentWorkflowRuns), in their order. */
export function stepsFromTasks(
  tasks: WorkflowRunTask[] | undefined,
): RunStep[] {
  if (!Array.isArray(tasks)) return [];
  return tasks
    .filter(task => task && typeof task.name === 'string')
    .map(task => {
      const startedAt = time(task.startedAt);
      const finishedAt = time(task.completedAt);
      // Task names follow the node name pattern `wf[N].step-name`: the step is the last segment.
      const name = task.name.split('.').pop() ?? task.name;
      return {
        id: task.name,
        name,
        phase: phaseOf(task.phase),
        startedAt,
        finishedAt,
        durationSeconds: durationSeconds(startedAt, finishedAt),
        message: str(task.message),
        outputs: {},
        nodeName: task.name,
        attempts: [],
      };
    });
}

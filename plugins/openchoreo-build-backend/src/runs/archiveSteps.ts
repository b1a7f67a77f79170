import type {
  ArgoWorkflowTemplateSpec,
  RunStatus,
  RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunArchiveScan } from '../logs/runArchive';
import { argoNodeId } from './argoPodName';

/**
 * The steps a Workflow's template declares at its entry point, and whether they run strictly one
 * after another with one pod each: then the n-th pod of the archive is the n-th step.
 */
export interface DeclaredSteps {
  steps: Array<{ name: string; templateName?: string }>;
  /** Every group one step, each a plain container/script without retries, loops or conditions; no exit handler. */
  sequential: boolean;
}

/**
 * What `spec` (a ClusterWorkflowTemplate's, or a run template's own) declares at its entry point;
 * undefined when the entry point is not a `steps` template (a DAG, or unknown).
 */
export function declaredStepsOf(
  spec: ArgoWorkflowTemplateSpec | undefined,
  entrypoint = spec?.entrypoint,
): DeclaredSteps | undefined {
  const templates = new Map(
    (Array.isArray(spec?.templates) ? spec!.templates : [])
      .filter(t => typeof t?.name === 'string')
      .map(t => [t.name!, t]),
  );
  const entry = entrypoint ? templates.get(entrypoint) : undefined;
  if (!entry || !Array.isArray(entry.steps)) return undefined;
  const steps: DeclaredSteps['steps'] = [];
  let sequential = !spec?.onExit && !spec?.templateDefaults?.retryStrategy;
  for (const group of entry.steps) {
    const members = Array.isArray(group) ? group : [];
    if (members.length !== 1) sequential = false;
    for (const step of members) {
      if (typeof step?.name !== 'string') {
        sequential = false;
        continue;
      }
      steps.push({ name: step.name, templateName: step.template });
      // Each of these can make a step run no pod, or several.
      if (
        step.when ||
        step.withItems ||
        step.withParam ||
        step.withSequence ||
        step.templateRef ||
        step.inline
      )
        sequential = false;
      const template = step.template ? templates.get(step.template) : undefined;
      if (
        !template ||
        !(template.container || template.script) ||
        template.retryStrategy
      )
        sequential = false;
    }
  }
  return { steps, sequential: sequential && steps.length > 0 };
}

/** `hh:mm:ss` (UTC) of an RFC3339 timestamp. */
function clockOf(timestamp: string): string {
  const match = /T(\d{2}:\d{2}:\d{2})/.exec(timestamp);
  return match ? match[1] : '??:??:??';
}

function durationOf(from: string, to: string): number | undefined {
  const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Steps rebuilt from an expired run's archive, and whether they could be named. */
export interface ArchiveSteps {
  steps: RunStep[];
  /** The pods could not be matched to declared steps: read the run's log whole. */
  wholeRunLog: boolean;
}

/** Run statuses after which every declared step has run (so a shorter archive cannot be named). */
const RAN_TO_THE_END = new Set<RunStatus>(['Succeeded', 'Completed']);

/**
 * Rebuilds the steps of a run whose Workflow is gone from its archive: one step per pod, in order
 * of its first line. When the template declares strictly sequential steps (one pod each, no
 * retries, loops, conditions or exit handler), the n-th pod is the n-th step: named so when there
 * are exactly as many pods as steps, or fewer for a run that stopped early (failed or cancelled:
 * the steps after the failing one never ran). A named step keeps the Argo node id it had while the
 * Workflow existed (`{wf}-fnv32a({wf}[n].{step})`, Argo's `Workflow.NodeID`), so a link made then
 * still opens it. Otherwise the pods cannot be told apart and are listed as
 * `Pod n · started hh:mm:ss` (id = pod UID) with `wholeRunLog`. Phases are inferred: a failed
 * run's last pod failed, every other pod succeeded. Each step keeps its pod UID: the step log route
 * matches archived lines by it.
 */
export function stepsFromArchive(
  scan: RunArchiveScan,
  declared: DeclaredSteps | undefined,
  runStatus: RunStatus,
  workflowName: string,
): ArchiveSteps {
  const count = scan.pods.length;
  const named =
    !scan.truncated &&
    declared?.sequential === true &&
    (declared.steps.length === count ||
      (declared.steps.length > count && !RAN_TO_THE_END.has(runStatus)));
  const last = count - 1;
  const steps = scan.pods.map((pod, index): RunStep => {
    const declaredStep = named ? declared!.steps[index] : undefined;
    const failed = runStatus === 'Failed' && index === last;
    const phase = failed ? 'Failed' : 'Succeeded';
    const timing = {
      startedAt: pod.firstAt,
      finishedAt: pod.lastAt,
      durationSeconds: durationOf(pod.firstAt, pod.lastAt),
    };
    if (!declaredStep) {
      const name = `Pod ${index + 1} · started ${clockOf(pod.firstAt)}`;
      return {
        id: pod.podUid,
        name,
        displayPath: name,
        phase,
        ...timing,
        message:
          'Rebuilt from the observer archive: which step this pod ran is not known',
        outputs: {},
        podUid: pod.podUid,
        attempts: [],
      };
    }
    const nodeName = `${workflowName}[${index}].${declaredStep.name}`;
    return {
      id: argoNodeId(workflowName, nodeName),
      name: declaredStep.name,
      displayPath: declaredStep.name,
      templateName: declaredStep.templateName,
      nodeName,
      phase,
      ...timing,
      outputs: {},
      podUid: pod.podUid,
      attempts: [],
    };
  });
  return { steps, wholeRunLog: !named && steps.length > 0 };
}

/** The archived step `step` names: its id (node id, or pod UID when unnamed), pod UID or node name, then its name. */
export function findArchivedStep(
  steps: RunStep[],
  step: string,
): RunStep | undefined {
  return (
    steps.find(
      s => s.id === step || s.podUid === step || s.nodeName === step,
    ) ?? steps.find(s => s.name === step || s.displayPath === step)
  );
}

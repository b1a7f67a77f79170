import { DagTask, dependsOfTask, isDagTemplate, orderTasks } from './dag';
import { PULL_REQUEST_URL } from './gitopsScripts';
import { V1_TEMPLATE_OUTPUTS } from './v1Scripts';
import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';

/** An argument a step passes to its template (`value` may hold `{{steps.<step>.outputs.parameters.<name>}}`). */
export interface StepArgument {
  name: string;
  value: string;
}

export interface StepRef {
  name: string;
  template: string;
  /** The step's `arguments.parameters`, when it came from a template (absent for the catalogue). */
  arguments?: StepArgument[];
  /**
   * `templateRef.name` of a step that runs a template of a (Cluster)WorkflowTemplate (the v1.x
   * samples' steps do: `checkout-source`, `containerfile-build`, …); `template` is then
   * `templateRef.template`.
   */
  templateRef?: string;
  /** Whether `templateRef` names a ClusterWorkflowTemplate (`templateRef.clusterScope`). */
  clusterScope?: boolean;
  /** The outputs the referenced template declares (set by `resolveSteps` for `templateRef` steps). */
  outputs?: Array<{ name: string; path: string }>;
}

const STANDARD: StepRef[][] = [
  [{ name: 'clone-step', template: 'clone-step' }],
  [{ name: 'build-step', template: 'build-step' }],
  [{ name: 'push-step', template: 'push-step' }],
  [{ name: 'workload-create-step', template: 'workload-create-step' }],
];

/**
 * The steps of the ClusterWorkflowTemplates the v0.9 build-plane chart installs (`docker`,
 * `google-cloud-buildpacks`, `react`, `ballerina-buildpack`: clone, build, push, workload-create;
 * `install/helm/openchoreo-build-plane/templates/workflow-templates/*.yaml@v0.9.0`), used when the
 * referenced template is not on the build plane. The GitOps templates are seeded (`seed/gitopsTemplates.ts`).
 */
export function builtinSteps(): StepRef[][] {
  return STANDARD;
}

function stepArguments(step: Record<string, unknown>): StepArgument[] {
  const args = isRecord(step.arguments) ? step.arguments : {};
  return (Array.isArray(args.parameters) ? args.parameters : [])
    .filter(isRecord)
    .map(p => ({ name: String(p.name), value: String(p.value ?? '') }));
}

/** A step of a `steps` template or a task of a `dag` template: the template it runs and its arguments. */
function refOf(s: Record<string, unknown>): StepRef {
  const ref = isRecord(s.templateRef) ? s.templateRef : undefined;
  if (ref)
    return {
      name: String(s.name),
      template: String(ref.template ?? s.name),
      arguments: stepArguments(s),
      templateRef: String(ref.name ?? ''),
      clusterScope: ref.clusterScope === true,
    };
  return {
    name: String(s.name),
    template: String(s.template ?? s.name),
    arguments: stepArguments(s),
  };
}

/** The entrypoint's work: step groups, or (a `dag` template) its tasks with `groups` empty. */
interface EntrypointWork {
  entrypoint: string;
  groups: StepRef[][];
  dag?: DagTask[];
}

/**
 * The tasks of a `dag` entrypoint in dependency order, or undefined when they cannot run: a
 * `depends` the sandbox cannot parse, an unknown dependency or a cycle (Argo refuses those
 * Workflows; the sandbox then treats the template as unknown).
 */
function dagOf(template: { dag: { tasks: unknown[] } }): DagTask[] | undefined {
  try {
    const tasks = template.dag.tasks
      .filter(isRecord)
      .map((t): DagTask => ({ ...refOf(t), ...dependsOfTask(t) }));
    return tasks.length ? orderTasks(tasks) : undefined;
  } catch {
    return undefined; // a depends expression beyond the emulated grammar
  }
}

function stepsOfTemplates(
  templates: unknown,
  entrypoint: unknown,
): EntrypointWork | undefined {
  if (!Array.isArray(templates)) return undefined;
  const entry = templates.filter(isRecord).find(t => t.name === entrypoint);
  if (entry && isDagTemplate(entry)) {
    const dag = dagOf(entry);
    return dag
      ? { entrypoint: String(entrypoint), groups: [], dag }
      : undefined;
  }
  if (!entry || !Array.isArray(entry.steps)) return undefined;
  const groups = entry.steps
    .filter(Array.isArray)
    .map(group => group.filter(isRecord).map(refOf));
  return groups.length ? { entrypoint: String(entrypoint), groups } : undefined;
}

export interface ResolvedSteps extends EntrypointWork {
  templateRef: string;
  /** Where the steps came from (the Workflow's or the referenced template's `templates` and
   * `volumes`), absent for the built-in catalogue. */
  source?: { templates: unknown; volumes: unknown };
}

/**
 * Fills in the outputs of a step that runs a template of another (Cluster)WorkflowTemplate: the
 * ones the referenced template declares when it is on the build plane, else those of the v1.x
 * sample templates (`V1_TEMPLATE_OUTPUTS`), else none.
 */
function withReferencedOutputs(
  build: Cluster,
  namespace: string | undefined,
  step: StepRef,
): StepRef {
  if (step.templateRef === undefined) return step;
  let tmpl: KObject | undefined;
  try {
    tmpl = step.clusterScope
      ? build.get(
          'argoproj.io/v1alpha1',
          'clusterworkflowtemplates',
          undefined,
          step.templateRef,
        )
      : build.get(
          'argoproj.io/v1alpha1',
          'workflowtemplates',
          namespace,
          step.templateRef,
        );
  } catch {
    tmpl = undefined; // the template type is not served on this cluster
  }
  const outputs = tmpl
    ? declaredOutputs(isRecord(tmpl.spec) ? tmpl.spec.templates : [])[
        step.template
      ]
    : V1_TEMPLATE_OUTPUTS[`${step.templateRef}/${step.template}`];
  return { ...step, outputs: outputs ?? [] };
}

/** {@link withReferencedOutputs} for every step group and DAG task. */
function withAllReferencedOutputs(
  build: Cluster,
  namespace: string | undefined,
  work: EntrypointWork,
): EntrypointWork {
  const fill = <T extends StepRef>(step: T): T => ({
    ...step,
    ...withReferencedOutputs(build, namespace, step),
  });
  return {
    ...work,
    groups: work.groups.map(group => group.map(fill)),
    ...(work.dag ? { dag: work.dag.map(fill) } : {}),
  };
}

/**
 * Resolves the step groups (or, for a `dag` entrypoint, the tasks) a Workflow runs: its own
 * templates, else the (Cluster)WorkflowTemplate it references when present on the build plane,
 * else the built-in catalogue (the v0.9 chart's four steps).
 */
export function resolveSteps(build: Cluster, wf: KObject): ResolvedSteps {
  const spec = isRecord(wf.spec) ? wf.spec : {};
  const ref = isRecord(spec.workflowTemplateRef)
    ? spec.workflowTemplateRef
    : undefined;
  const refName = ref ? String(ref.name ?? '') : '';
  const own = stepsOfTemplates(spec.templates, spec.entrypoint);
  if (own)
    return {
      ...withAllReferencedOutputs(build, wf.metadata.namespace, own),
      templateRef: refName,
      source: { templates: spec.templates, volumes: spec.volumes },
    };
  if (ref) {
    let tmpl: KObject | undefined;
    try {
      tmpl =
        ref.clusterScope === true
          ? build.get(
              'argoproj.io/v1alpha1',
              'clusterworkflowtemplates',
              undefined,
              refName,
            )
          : build.get(
              'argoproj.io/v1alpha1',
              'workflowtemplates',
              wf.metadata.namespace,
              refName,
            );
    } catch {
      tmpl = undefined; // the template type is not served on this cluster
    }
    const tspec = tmpl && isRecord(tmpl.spec) ? tmpl.spec : undefined;
    const found = tspec
      ? stepsOfTemplates(tspec.templates, spec.entrypoint ?? tspec.entrypoint)
      : undefined;
    if (found)
      return {
        ...found,
        templateRef: refName,
        // The Workflow's own `volumes` are merged over the template's, as Argo merges the specs.
        source: {
          templates: tspec!.templates,
          volumes: [
            ...(Array.isArray(spec.volumes) ? spec.volumes : []),
            ...(Array.isArray(tspec!.volumes) ? tspec!.volumes : []),
          ],
        },
      };
  }
  return {
    entrypoint: String(spec.entrypoint ?? 'build-workflow'),
    groups: builtinSteps(),
    templateRef: refName,
  };
}

/**
 * The output parameters each template declares (`outputs.parameters[].valueFrom.path`), by template
 * name — plus the sandbox's one addition: `git-commit-push-pr` (the GitOps samples' last step,
 * `…-gitops-release-template.yaml@v0.12.0`) declares no output upstream, because `gh pr create` only
 * prints the pull request's URL. The sandbox emulates that pull request and reports its URL as the
 * output `pull-request-url` (see {@link PULL_REQUEST_URL}), so a run names the pull request it opened.
 * It is added here, where the emulated executor reads the template, and not to the stored template:
 * `kubectl get clusterworkflowtemplate -o yaml` shows upstream's, and `kubectl apply -f` of the
 * guide's file keeps the emulation.
 */
export function declaredOutputs(
  templates: unknown,
): Record<string, Array<{ name: string; path: string }>> {
  const out: Record<string, Array<{ name: string; path: string }>> = {};
  for (const tmpl of Array.isArray(templates)
    ? templates.filter(isRecord)
    : []) {
    const outputs = isRecord(tmpl.outputs) ? tmpl.outputs : {};
    out[String(tmpl.name)] = (
      Array.isArray(outputs.parameters) ? outputs.parameters : []
    )
      .filter(isRecord)
      .flatMap(p => {
        const from = isRecord(p.valueFrom) ? p.valueFrom : {};
        return typeof from.path === 'string'
          ? [{ name: String(p.name), path: from.path }]
          : [];
      });
    if (
      tmpl.name === PULL_REQUEST_URL.template &&
      !out[tmpl.name].some(o => o.name === PULL_REQUEST_URL.name)
    )
      out[tmpl.name].push({
        name: PULL_REQUEST_URL.name,
        path: PULL_REQUEST_URL.path,
      });
  }
  return out;
}

import type { Cluster } from '../../apiserver/cluster';
import { isRecord, KObject } from '../../apiserver/types';

export interface StepRef {
  name: string;
  template: string;
}

const STANDARD: StepRef[][] = [
  [{ name: 'clone-step', template: 'clone-step' }],
  [{ name: 'build-step', template: 'build-step' }],
  [{ name: 'push-step', template: 'push-step' }],
  [{ name: 'workload-create-step', template: 'workload-create-step' }],
];

const GITOPS_TAIL = [
  'extract-descriptor',
  'clone-gitops',
  'create-feature-branch',
  'generate-gitops-resources',
  'git-commit-push-pr',
];

function single(names: string[]): StepRef[][] {
  return names.map(n => [{ name: n, template: n }]);
}

/**
 * Step lists of the templates the build-plane chart and the GitOps guide
 * install (v0.9 ClusterWorkflowTemplates: four steps; *-gitops-release: the
 * longer release pipeline), used when the template itself is not in the cluster.
 */
export function builtinSteps(templateName: string): StepRef[][] {
  if (templateName.endsWith('-gitops-release')) {
    const build = templateName.startsWith('react')
      ? ['clone-source', 'build-react-app', 'build-image', 'push-image']
      : ['clone-source', 'build-image', 'push-image'];
    return single([...build, ...GITOPS_TAIL]);
  }
  return STANDARD;
}

function stepsOfTemplates(
  templates: unknown,
  entrypoint: unknown,
): { entrypoint: string; groups: StepRef[][] } | undefined {
  if (!Array.isArray(templates)) return undefined;
  const entry = templates.filter(isRecord).find(t => t.name === entrypoint);
  if (!entry || !Array.isArray(entry.steps)) return undefined;
  const groups = entry.steps.filter(Array.isArray).map(group =>
    group.filter(isRecord).map(s => ({
      name: String(s.name),
      template: String(s.template ?? s.name),
    })),
  );
  return groups.length ? { entrypoint: String(entrypoint), groups } : undefined;
}

export interface ResolvedSteps {
  entrypoint: string;
  groups: StepRef[][];
  templateRef: string;
  /** Where the steps came from (the Workflow's or the referenced template's `templates` and
   * `volumes`), absent for the built-in catalogue. */
  source?: { templates: unknown; volumes: unknown };
}

/**
 * Resolves the step groups a Workflow runs: its own templates, else the
 * (Cluster)WorkflowTemplate it references when present on the build plane,
 * else the built-in catalogue by template name.
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
      ...own,
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
  const entrypoint = refName.endsWith('-gitops-release')
    ? 'build-and-release-workflow'
    : 'build-workflow';
  return {
    entrypoint: String(spec.entrypoint ?? entrypoint),
    groups: builtinSteps(refName),
    templateRef: refName,
  };
}

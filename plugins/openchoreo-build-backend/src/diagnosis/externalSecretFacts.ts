import type {
  ComponentWorkflowResource,
  ExternalSecret,
  ResourceReference,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ExternalSecretFacts } from './facts';

/**
 * The `${metadata.*}` values OpenChoreo renders a run's resources with. v0: `orgName`,
 * `projectName`, `componentName`, `workflowRunName` (internal/pipeline/componentworkflow/pipeline.go@v0.9.0);
 * v1: `namespaceName`, `workflowRunName`, `namespace` (`workflows-<ns>`;
 * internal/pipeline/workflow/pipeline.go@v1.2.3:208-237).
 */
export type RenderContext = Readonly<Record<string, string | undefined>>;

/** The part of a run's template the rendering reads: a ComponentWorkflow or a (Cluster)Workflow. */
export interface ResourceTemplates {
  spec?: { resources?: ComponentWorkflowResource[] };
}

/**
 * A name template with only `${metadata.…}` expressions, rendered for one run; undefined when
 * it uses anything else (the portal does not evaluate CEL).
 */
export function renderMetadataName(
  template: string | undefined,
  context: RenderContext,
): string | undefined {
  if (!template) return undefined;
  const values: Record<string, string | undefined> = { ...context };
  let unresolved = false;
  const rendered = template.replace(
    /\$\{\s*metadata\.(\w+)\s*\}/g,
    (_match, key: string) => {
      const value = values[key];
      if (value === undefined) unresolved = true;
      return value ?? '';
    },
  );
  return unresolved || rendered.includes('${') ? undefined : rendered;
}

/** Where a template's resource is rendered: v1 enforces one namespace, v0 renders the template's. */
function renderedNamespace(
  template: ComponentWorkflowResource['template'],
  input: {
    context: RenderContext;
    workflowNamespace: string;
    enforcedNamespace?: string;
  },
): string {
  return (
    input.enforcedNamespace ||
    renderMetadataName(template?.metadata?.namespace, input.context) ||
    input.workflowNamespace
  );
}

function readiness(
  es: ExternalSecret,
): Pick<ExternalSecretFacts, 'state' | 'reason' | 'message'> | undefined {
  const ready = es.status?.conditions?.find(c => c.type === 'Ready');
  // No condition yet (just created) or Unknown: the operator has not decided, nothing to say.
  if (ready?.status === 'True') return { state: 'Ready' };
  if (ready?.status === 'False')
    return {
      state: 'NotReady',
      reason: ready.reason || undefined,
      message: ready.message || undefined,
    };
  return undefined;
}

/**
 * The ExternalSecrets of one run and their readiness: those named in the run's `status.resources`
 * (gone from the build plane: Missing), then those the template's `spec.resources`
 * render for this run that exist (not yet rendered is not reported: a Pending run has none yet).
 */
export function externalSecretFacts(input: {
  context: RenderContext;
  /** The namespace the Workflow runs in (`openchoreo-ci-<org>`, `workflows-<ns>`): the default for resources. */
  workflowNamespace: string;
  /**
   * v1: every rendered resource is put in this namespace, whatever its template says
   * (`renderResources`, internal/pipeline/workflow/pipeline.go@v1.2.3:115-119).
   */
  enforcedNamespace?: string;
  resources: ResourceReference[];
  workflow?: ResourceTemplates;
  /** ExternalSecrets listed in the namespaces involved. */
  listed: ExternalSecret[];
}): ExternalSecretFacts[] {
  const facts: ExternalSecretFacts[] = [];
  const seen = new Set<string>();
  const find = (namespace: string, name: string) =>
    input.listed.find(
      es =>
        es.metadata?.name === name &&
        (es.metadata?.namespace ?? namespace) === namespace,
    );
  const add = (
    namespace: string,
    name: string,
    source: ExternalSecretFacts['source'],
    reportMissing: boolean,
  ) => {
    const key = `${namespace}/${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const es = find(namespace, name);
    if (!es) {
      if (reportMissing)
        facts.push({ name, namespace, source, state: 'Missing' });
      return;
    }
    const state = readiness(es);
    if (state)
      facts.push({
        name,
        namespace,
        source,
        targetSecret: es.spec?.target?.name || undefined,
        ...(es.spec?.secretStoreRef
          ? { storeRef: es.spec.secretStoreRef }
          : {}),
        ...state,
      });
  };

  for (const ref of input.resources) {
    if (ref?.kind !== 'ExternalSecret' || !ref.name) continue;
    add(ref.namespace || input.workflowNamespace, ref.name, 'run', true);
  }
  for (const resource of input.workflow?.spec?.resources ?? []) {
    const template = resource?.template;
    if (template?.kind !== 'ExternalSecret') continue;
    const name = renderMetadataName(template.metadata?.name, input.context);
    if (!name) continue;
    add(renderedNamespace(template, input), name, 'workflow', false);
  }
  return facts;
}

/** Namespaces whose ExternalSecrets {@link externalSecretFacts} needs. */
export function externalSecretNamespaces(input: {
  context: RenderContext;
  workflowNamespace: string;
  enforcedNamespace?: string;
  resources: ResourceReference[];
  workflow?: ResourceTemplates;
}): string[] {
  const namespaces = new Set<string>();
  for (const ref of input.resources) {
    if (ref?.kind === 'ExternalSecret' && ref.name)
      namespaces.add(ref.namespace || input.workflowNamespace);
  }
  for (const resource of input.workflow?.spec?.resources ?? []) {
    const template = resource?.template;
    if (template?.kind !== 'ExternalSecret') continue;
    if (!renderMetadataName(template.metadata?.name, input.context)) continue;
    namespaces.add(renderedNamespace(template, input));
  }
  return [...namespaces];
}

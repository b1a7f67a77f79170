import {
  findRepositoryFields,
  readRepositoryFields,
  REPOSITORY_FIELD_MARKERS,
  type ApiGeneration,
  type Component,
  type ComponentV1,
  type Workflow,
  type WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * A component as auto-build sees it, whichever generation it was read in: where it is, whether
 * autoBuild is on, and the repository a push must come from. v0 Components name the repository in
 * `spec.workflow.systemParameters.repository`; v1 ones in `spec.workflow.parameters`, at the fields
 * their (Cluster)Workflow marks `x-openchoreo-component-parameter-repository-*`.
 */
export interface AutoBuildCandidate {
  generation: ApiGeneration;
  namespace: string;
  project: string;
  component: string;
  autoBuild: boolean;
  /** The repository; absent when it cannot be read (see `problem`). */
  repository?: { url?: string; branch?: string; appPath?: string };
  /** Why the repository could not be read (v1: the Workflow marks no URL, is gone, …). */
  problem?: string;
  /** v1: the (Cluster)Workflow the component builds with (its runs must use it). */
  workflow?: { kind: WorkflowKind; name: string };
  /**
   * Which revision fields a run of it can carry (v0: both; v1: the ones the Workflow marks — the
   * pushed commit goes into the marked commit field, `TriggerWorkflow`,
   * `internal/openchoreo-api/services/workflowrun/service.go@v1.2.3:903-912`).
   */
  revisionFields: { branch: boolean; commit: boolean };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A v0.x Component: the repository is `spec.workflow.systemParameters.repository`. */
export function candidateOfV0(
  component: Component,
  namespace: string,
): AutoBuildCandidate {
  const repository = component.spec?.workflow?.systemParameters?.repository;
  return {
    generation: 'v0',
    namespace,
    project: component.spec?.owner?.projectName ?? '',
    component: component.metadata?.name ?? '',
    autoBuild: component.spec?.autoBuild === true,
    repository: repository
      ? {
          url: repository.url,
          branch: repository.revision?.branch,
          appPath: repository.appPath,
        }
      : undefined,
    revisionFields: { branch: true, commit: true },
  };
}

/** The (Cluster)Workflow a v1 Component names; `kind` defaults to ClusterWorkflow as the CRD does. */
export function workflowOfV1(
  component: ComponentV1,
): { kind: WorkflowKind; name: string } | undefined {
  const workflow = component.spec?.workflow;
  if (!workflow?.name) return undefined;
  return { kind: workflow.kind ?? 'ClusterWorkflow', name: workflow.name };
}

export function describeWorkflow(
  namespace: string,
  workflow: { kind: WorkflowKind; name: string },
): string {
  return workflow.kind === 'ClusterWorkflow'
    ? `ClusterWorkflow ${workflow.name}`
    : `Workflow ${namespace}/${workflow.name}`;
}

/**
 * The `default` of the property at a dotted path of an `openAPIV3Schema`, walking `properties`
 * only, when it is a string (`getSchemaFieldDefault`,
 * `internal/openchoreo-api/services/autobuild/webhook_processor.go@v1.2.3`).
 */
export function schemaDefaultAt(
  schema: unknown,
  path: string,
): string | undefined {
  let node: unknown = schema;
  for (const key of path.split('.')) {
    const properties =
      typeof node === 'object' && node !== null
        ? (node as { properties?: unknown }).properties
        : undefined;
    if (typeof properties !== 'object' || properties === null) return undefined;
    node = (properties as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null
    ? text((node as { default?: unknown }).default)
    : undefined;
}

/**
 * The repository a v1 Component builds, as v1.2.3's auto-build reads it
 * (`extractRepoInfoFromComponent`, `webhook_processor.go@v1.2.3`): the URL, appPath and branch at
 * the fields the Workflow's `openAPIV3Schema` marks, the branch falling back to that field's schema
 * default. A Workflow that marks no URL, or a Component with no URL there, gives a problem instead
 * (upstream skips such components with the same reason).
 *
 * `workflow` is the Component's (Cluster)Workflow as read, undefined when it does not exist.
 */
export function candidateOfV1(
  component: ComponentV1,
  namespace: string,
  workflow: Workflow | undefined,
): AutoBuildCandidate {
  const reference = workflowOfV1(component);
  const candidate: AutoBuildCandidate = {
    generation: 'v1',
    namespace,
    project: component.spec?.owner?.projectName ?? '',
    component: component.metadata?.name ?? '',
    autoBuild: component.spec?.autoBuild === true,
    workflow: reference,
    revisionFields: { branch: false, commit: false },
  };
  if (!reference)
    return {
      ...candidate,
      problem: 'the component has no workflow configuration (spec.workflow)',
    };
  const named = describeWorkflow(namespace, reference);
  if (!workflow) return { ...candidate, problem: `${named} does not exist` };
  const schema = workflow.spec?.parameters?.openAPIV3Schema;
  const { paths, errors } = findRepositoryFields(schema);
  if (errors.length > 0)
    return { ...candidate, problem: `${named}: ${errors.join('; ')}` };
  if (!paths.url)
    return {
      ...candidate,
      problem: `${named} schema missing ${REPOSITORY_FIELD_MARKERS.url} extension, so pushes cannot be matched to the component`,
    };
  const found = readRepositoryFields(
    component.spec?.workflow?.parameters,
    paths,
  );
  if (!found.url)
    return {
      ...candidate,
      problem: `the repository URL is empty in the component's parameters (spec.workflow.parameters.${paths.url})`,
    };
  return {
    ...candidate,
    repository: {
      url: found.url,
      appPath: found.appPath,
      branch:
        found.branch ??
        (paths.branch ? schemaDefaultAt(schema, paths.branch) : undefined),
    },
    revisionFields: { branch: !!paths.branch, commit: !!paths.commit },
  };
}

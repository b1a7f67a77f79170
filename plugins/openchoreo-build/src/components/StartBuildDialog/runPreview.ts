import {
  componentWorkflowRunManifest,
  componentWorkflowRunValues,
  GENERATED_VALUE,
  ParameterSchemaError,
  runValueProblems,
  V0_REPOSITORY_RULE_PATHS,
  workflowRunManifest,
  workflowRunParameters,
  type ApiGeneration,
  type CompiledParameterSchema,
  type ComponentWorkflowSummary,
  type CreateRunRequest,
  type FieldError,
  type JsonSchema,
  type KubernetesObject,
  type RunWorkflowConfig,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { compiledSchema } from './parametersValidator';

/*
 * The run a request would create, and its problems, computed with the rules `POST /runs` uses
 * (-common `parameters/`): the Component's values with the request over them, checked (defaults
 * filled in) against the workflow's schemas.
 */

/** What the form knows when it previews a request. */
export interface PreviewInput {
  generation: ApiGeneration;
  request: CreateRunRequest;
  /** The chosen workflow, when listed; its schemas check the values. */
  workflow: ComponentWorkflowSummary | undefined;
  /** The Component's `spec.workflow`; undefined when it could not be read (the server adds it). */
  defaults: RunWorkflowConfig | undefined;
  /** False when the Component could not be read: a missing value may be the Component's. */
  componentKnown: boolean;
}

/** The previewed run and what the server would refuse in it. */
export interface RunPreview {
  manifest: KubernetesObject;
  problems: FieldError[];
}

function compile(
  workflow: ComponentWorkflowSummary,
  schema: JsonSchema,
): CompiledParameterSchema {
  return compiledSchema(`${workflow.kind} ${workflow.name}`, schema);
}

/** A v0 request: a ComponentWorkflowRun. */
function previewV0(input: PreviewInput): RunPreview {
  const { request, workflow, defaults } = input;
  const values = componentWorkflowRunValues(defaults, request);
  const problems = runValueProblems(
    [
      {
        prefix: 'systemParameters',
        schema: workflow && compile(workflow, workflow.systemParametersSchema),
        values: values.systemParameters,
      },
      {
        prefix: 'parameters',
        schema: workflow && compile(workflow, workflow.parametersSchema),
        values: values.parameters,
      },
    ],
    V0_REPOSITORY_RULE_PATHS,
  );
  const manifest = componentWorkflowRunManifest(request, {
    name: values.workflow ?? GENERATED_VALUE,
    systemParameters: values.systemParameters,
    parameters: values.parameters,
  });
  return { manifest, problems };
}

/** A v1 request: a WorkflowRun, the repository written to the fields the workflow marks. */
function previewV1(input: PreviewInput): RunPreview {
  const { request, workflow, defaults } = input;
  const paths = workflow?.repositoryFields ?? {};
  const { parameters } = workflowRunParameters(defaults, request, paths);
  const at = (path: string | undefined) =>
    path === undefined ? undefined : `parameters.${path}`;
  const problems = runValueProblems(
    [
      {
        prefix: 'parameters',
        schema: workflow && compile(workflow, workflow.parametersSchema),
        values: parameters,
      },
    ],
    {
      url: at(paths.url),
      branch: at(paths.branch),
      commit: at(paths.commit),
      appPath: at(paths.appPath),
    },
  );
  const kind =
    request.workflowKind ??
    (defaults?.kind === 'Workflow' ? 'Workflow' : 'ClusterWorkflow');
  const manifest = workflowRunManifest(request, {
    kind,
    name: request.workflow ?? defaults?.name ?? GENERATED_VALUE,
    parameters,
  });
  return { manifest, problems };
}

/**
 * The run `input.request` would create, with its problems. While the Component is unknown, its
 * values are missing from the preview; a missing required value is then no problem (the server
 * may have it).
 */
export function previewRun(input: PreviewInput): RunPreview {
  let preview: RunPreview;
  try {
    preview = input.generation === 'v1' ? previewV1(input) : previewV0(input);
  } catch (error) {
    if (!(error instanceof ParameterSchemaError)) throw error;
    return {
      manifest: {},
      problems: [{ path: 'workflow', message: error.message }],
    };
  }
  if (input.componentKnown) return preview;
  return {
    ...preview,
    problems: preview.problems.filter(p => p.message !== 'is required'),
  };
}

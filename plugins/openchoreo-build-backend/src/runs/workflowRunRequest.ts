import { InputError, NotFoundError } from '@backstage/errors';
import {
  findRepositoryFields,
  LruCache,
  runValueProblems,
  workflowRunParameters,
  type CompiledParameterSchema,
  type ComponentTypeV1,
  type ComponentV1,
  type CreateRunRequest,
  type JsonSchema,
  type JsonValue,
  type RepositoryFieldPaths,
  type Workflow,
  type WorkflowKind,
  type WorkflowRunConfigV1,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { compileSchema, releaseSchema, throwIfProblems } from './runValidation';

/** A v1 run request checked as the controller would check it: what to put in the WorkflowRun. */
export interface PreparedWorkflowRun {
  project: string;
  component: string;
  workflow: WorkflowRunConfigV1 & { kind: WorkflowKind };
}

type WorkflowRef = { kind: WorkflowKind; name: string };

const refText = (ref: WorkflowRef) => `${ref.kind}/${ref.name}`;

/**
 * The ComponentType a v1 Component names: `spec.componentType.name` is `{workloadType}/{name}`
 * and `kind` defaults to ComponentType (`resolveComponentType`,
 * `internal/controller/workflowrun/controller_validate.go@v1.2.3`).
 */
export function componentTypeRefOf(component: ComponentV1):
  | {
      kind: 'ComponentType' | 'ClusterComponentType';
      name: string;
      written: string;
    }
  | undefined {
  const ref = component.spec?.componentType;
  const written = ref?.name ?? '';
  const [, name] = written.split('/', 2);
  if (!name) return undefined;
  return { kind: ref?.kind ?? 'ComponentType', name, written };
}

/** The allowed workflows of a type; a ComponentType's entries default their kind to ClusterWorkflow. */
export function allowedWorkflowsOf(type: ComponentTypeV1): WorkflowRef[] {
  return (type.spec?.allowedWorkflows ?? [])
    .filter(ref => ref.name)
    .map(ref => ({ kind: ref.kind ?? 'ClusterWorkflow', name: ref.name! }));
}

// Compiled `openAPIV3Schema`s per Workflow version, like the v0 ComponentWorkflow cache.
const compiledSchemas = new LruCache<string, CompiledParameterSchema>(
  64,
  releaseSchema,
);

function compiledParameters(
  workflow: Workflow,
  ref: WorkflowRef,
  schema: JsonSchema,
): CompiledParameterSchema {
  const { namespace, name, uid, resourceVersion } = workflow.metadata ?? {};
  const key = `${ref.kind}/${
    namespace ?? ''
  }/${name}/${uid}/${resourceVersion}`;
  const cached = uid && resourceVersion ? compiledSchemas.get(key) : undefined;
  if (cached) return cached;
  const entry = compileSchema(refText(ref), schema);
  if (uid && resourceVersion) compiledSchemas.set(key, entry);
  return entry;
}

/**
 * Checks a v1 `POST /runs` up front for what the WorkflowRun controller would reject later with
 * `ComponentValidationFailed` (`controller_validate.go@v1.2.3`): the Component exists in that
 * project, the workflow is the Component's own and is in its ComponentType's `allowedWorkflows`;
 * then builds the parameters (the Component's, deep-merged with the request; the repository
 * override written to the Workflow's marked fields) and validates them against the Workflow's
 * `openAPIV3Schema`.
 */
export class WorkflowRunRequests {
  constructor(
    private readonly controlPlane: Pick<
      ControlPlaneV1,
      'getComponent' | 'findComponentType' | 'findWorkflow'
    >,
  ) {}

  async prepare(request: CreateRunRequest): Promise<PreparedWorkflowRun> {
    const { namespace, project, component: componentName } = request;
    const component = await this.controlPlane
      .getComponent(namespace, componentName)
      .catch(error => {
        throw error instanceof NotFoundError
          ? new InputError(
              `component: Component ${namespace}/${componentName} does not exist`,
            )
          : error;
      });
    const owner = component.spec?.owner?.projectName;
    if (owner !== project) {
      throw new InputError(
        `project: component ${componentName} belongs to project ${
          owner ?? '(none)'
        }, not ${project}`,
      );
    }
    const defaults = component.spec?.workflow;
    const ref = this.workflowRef(request, defaults);
    await this.checkAllowed(namespace, component, ref);
    const workflow = await this.controlPlane.findWorkflow(
      ref.kind,
      namespace,
      ref.name,
    );
    if (!workflow) {
      throw new InputError(
        `workflow: ${
          ref.kind === 'ClusterWorkflow'
            ? `ClusterWorkflow ${ref.name}`
            : `Workflow ${namespace}/${ref.name}`
        } does not exist`,
      );
    }
    const schema = workflow.spec?.parameters?.openAPIV3Schema;
    const { paths } = findRepositoryFields(schema);
    const written = workflowRunParameters(defaults, request, paths);
    if (written.unmarked.length > 0) {
      throw new InputError(
        `systemParameters.repository: ${refText(
          ref,
        )} marks no parameter for ${written.unmarked.join(
          ', ',
        )} (x-openchoreo-component-parameter-repository-*), so the override cannot be applied; leave it out or set it through parameters`,
      );
    }
    const parameters = written.parameters as Record<string, unknown>;
    validateParameters(workflow, ref, schema, parameters, paths);
    return {
      project,
      component: componentName,
      workflow: {
        kind: ref.kind,
        name: ref.name,
        parameters: parameters as { [key: string]: JsonValue },
      },
    };
  }

  /**
   * The requested workflow; the Component's when none is named. The controller requires a
   * component's runs to use the Component's own workflow when it has one.
   */
  private workflowRef(
    request: CreateRunRequest,
    defaults: WorkflowRunConfigV1 | undefined,
  ): WorkflowRef {
    const name = request.workflow ?? defaults?.name;
    if (!name) {
      throw new InputError(
        `workflow: component ${request.component} names no workflow (spec.workflow); give one`,
      );
    }
    const kind =
      request.workflowKind ??
      (name === defaults?.name ? defaults?.kind : undefined) ??
      'ClusterWorkflow';
    const configured = defaults?.name
      ? { kind: defaults.kind ?? 'ClusterWorkflow', name: defaults.name }
      : undefined;
    if (configured && (configured.kind !== kind || configured.name !== name)) {
      throw new InputError(
        `workflow: component ${request.component} is configured with ${refText(
          configured,
        )}; OpenChoreo refuses runs of ${refText({
          kind,
          name,
        })} for it (ComponentValidationFailed)`,
      );
    }
    return { kind, name };
  }

  private async checkAllowed(
    namespace: string,
    component: ComponentV1,
    ref: WorkflowRef,
  ): Promise<void> {
    const name = component.metadata?.name;
    const typeRef = componentTypeRefOf(component);
    if (!typeRef) {
      throw new InputError(
        `component: Component ${namespace}/${name} has spec.componentType.name "${
          component.spec?.componentType?.name ?? ''
        }", not {workloadType}/{name}, so OpenChoreo cannot check which workflows it may run`,
      );
    }
    const type = await this.controlPlane.findComponentType(
      typeRef.kind,
      namespace,
      typeRef.name,
    );
    if (!type) {
      throw new InputError(
        `component: ${typeRef.kind} ${typeRef.name} of component ${name} does not exist, so OpenChoreo refuses its runs`,
      );
    }
    const allowed = allowedWorkflowsOf(type);
    if (!allowed.some(a => a.kind === ref.kind && a.name === ref.name)) {
      throw new InputError(
        allowed.length === 0
          ? `workflow: ${typeRef.kind} ${
              typeRef.name
            } allows no workflows, so component ${name} cannot run ${refText(
              ref,
            )}`
          : `workflow: ${refText(ref)} is not allowed for ${typeRef.kind} ${
              typeRef.name
            }; allowed: ${allowed.map(refText).join(', ')}`,
      );
    }
  }
}

/**
 * The repository rules and the shell-syntax policy on the values as given, then the Workflow's
 * JSON Schema (which fills in its defaults), by the -common rules; one 400 listing every problem.
 */
function validateParameters(
  workflow: Workflow,
  ref: WorkflowRef,
  schema: (JsonSchema & Record<string, unknown>) | undefined,
  parameters: Record<string, unknown>,
  paths: RepositoryFieldPaths,
): void {
  const at = (path: string | undefined) =>
    path === undefined ? undefined : `parameters.${path}`;
  throwIfProblems(
    runValueProblems(
      [
        {
          prefix: 'parameters',
          schema: schema
            ? compiledParameters(workflow, ref, schema)
            : undefined,
          values: parameters,
        },
      ],
      {
        url: at(paths.url),
        branch: at(paths.branch),
        commit: at(paths.commit),
        appPath: at(paths.appPath),
      },
    ),
  );
}

import { isRecord, KObject } from '../apiserver/types';
import { ANNOTATION_REQUIRED_SECRETS } from './argo/runner';
import {
  applyDefaults,
  complexValuesToJson,
  flowStyleArraysToLists,
  render,
  RenderContext,
  stringifyArgumentValues,
} from './render';
import { RenderError, runResourceTarget } from './renderedWorkflow';

export { RenderError };

export const RUN_API = 'openchoreo.dev/v1alpha1';
export const LABEL_RUN = 'openchoreo.dev/componentworkflowrun';
export const LABEL_RUN_NAMESPACE =
  'openchoreo.dev/componentworkflowrun-namespace';
export const LABEL_MANAGED_BY = 'openchoreo.dev/managed-by';
export const MANAGED_BY = 'componentworkflowrun-controller';

/** The build namespace OpenChoreo's sample runTemplates render (`openchoreo-ci-${metadata.orgName}`). */
export function buildNamespace(org: string): string {
  return `openchoreo-ci-${org}`;
}

export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

export interface RenderedRun {
  /** The run resource (an Argo Workflow), ready to apply on the build plane. */
  workflow: KObject;
  /** `metadata.namespace` of the rendered runTemplate: where the Workflow and its prerequisites go. */
  namespace: string;
  /** `spec.serviceAccountName` of the rendered runTemplate (`controller.go@v0.9.0:612-625`). */
  serviceAccountName: string;
  /** The rendered `spec.resources` (e.g. ExternalSecrets), each in the namespace it rendered. */
  resources: KObject[];
  /** Secrets the workflow's steps mount (targets of rendered ExternalSecrets); read by the Argo emulation. */
  requiredSecrets: string[];
}

/** The three tracking labels of `controller.go@v0.9.0:293-295` and `:356-358`. */
export function trackingLabels(run: KObject): Record<string, string> {
  return {
    [LABEL_RUN]: run.metadata.name!,
    [LABEL_RUN_NAMESPACE]: run.metadata.namespace!,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}

/** The CEL context of `buildCELContext` (`internal/pipeline/componentworkflow/pipeline.go@v0.9.0:148`). */
function contextOf(run: KObject, cwf: KObject): RenderContext {
  const spec = isRecord(run.spec) ? run.spec : {};
  const owner = isRecord(spec.owner) ? spec.owner : {};
  const workflow = isRecord(spec.workflow) ? spec.workflow : {};
  const given = isRecord(workflow.systemParameters)
    ? workflow.systemParameters
    : {};
  const repo = isRecord(given.repository) ? given.repository : {};
  const revision = isRecord(repo.revision) ? repo.revision : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const cwfSpec = isRecord(cwf.spec) ? cwf.spec : {};
  const schema = isRecord(cwfSpec.schema) ? cwfSpec.schema : {};
  const metadata = {
    orgName: run.metadata.namespace ?? '',
    projectName: text(owner.projectName),
    componentName: text(owner.componentName),
    workflowRunName: run.metadata.name ?? '',
  };
  // validateInput (pipeline.go@v0.9.0:81-92)
  for (const [key, value] of Object.entries(metadata))
    if (!value)
      throw new RenderError(`invalid input: context.${key} is required`);
  return {
    metadata,
    // buildSystemParameters: the run's values as given, absent ones empty; no schema defaults.
    systemParameters: {
      repository: {
        url: text(repo.url),
        revision: {
          branch: text(revision.branch),
          commit: text(revision.commit),
        },
        appPath: text(repo.appPath),
      },
    },
    // buildParameters: developer parameters with the schema's defaults.
    parameters: applyDefaults(schema.parameters, workflow.parameters),
  };
}

/** `renderTemplate` + `validateRenderedResource` (`pipeline.go@v0.9.0:98-119,241-263`). */
function renderResource(
  template: unknown,
  ctx: RenderContext,
  what: string,
): KObject {
  const rendered = flowStyleArraysToLists(
    complexValuesToJson(render(template, ctx)),
  );
  if (!isRecord(rendered))
    throw new RenderError(`${what}: rendered resource is not a map`);
  const meta = rendered.metadata;
  if (typeof rendered.apiVersion !== 'string' || !rendered.apiVersion)
    throw new RenderError(`${what}: rendered resource missing apiVersion`);
  if (typeof rendered.kind !== 'string' || !rendered.kind)
    throw new RenderError(`${what}: rendered resource missing kind`);
  if (!isRecord(meta))
    throw new RenderError(`${what}: rendered resource missing metadata`);
  if (typeof meta.name !== 'string' || !meta.name)
    throw new RenderError(`${what}: rendered resource missing metadata.name`);
  return rendered as KObject;
}

/**
 * Renders what a ComponentWorkflowRun becomes on the build plane, as
 * OpenChoreo's pipeline and controller do (`pipeline.go@v0.9.0`,
 * `controller.go@v0.9.0:170,210,268-297,348-359`): the run resource from
 * `runTemplate` (its namespace, name and service account as rendered) and the
 * `resources`, each carrying the three tracking labels. Throws `RenderError`
 * where upstream would log and requeue.
 *
 * Sandbox additions on the Workflow: the emulation's annotations (log size,
 * speed, required secrets) and `ttlStrategy` from the sandbox's `--ttl`.
 */
export function renderRun(
  run: KObject,
  cwf: KObject,
  ttlSeconds: number,
): RenderedRun {
  const cwfSpec = isRecord(cwf.spec) ? cwf.spec : {};
  if (!isRecord(cwfSpec.runTemplate))
    throw new RenderError(
      `invalid input: ComponentWorkflow "${cwf.metadata.name}" has no runTemplate`,
    );
  const ctx = contextOf(run, cwf);
  const wf = renderResource(cwfSpec.runTemplate, ctx, 'runTemplate');
  const labels = trackingLabels(run);
  const resources: KObject[] = [];
  const requiredSecrets: string[] = [];
  for (const item of Array.isArray(cwfSpec.resources)
    ? cwfSpec.resources.filter(isRecord)
    : []) {
    const obj = renderResource(
      item.template,
      ctx,
      `resource "${String(item.id)}"`,
    );
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...labels };
    if (obj.kind === 'ExternalSecret') {
      const target =
        isRecord(obj.spec) && isRecord(obj.spec.target) ? obj.spec.target : {};
      requiredSecrets.push(String(target.name ?? obj.metadata.name));
    }
    resources.push(obj);
  }
  const {
    namespace,
    spec: wfSpec,
    serviceAccountName,
    annotations,
  } = runResourceTarget(
    run,
    wf,
    'set runTemplate metadata.namespace, e.g. openchoreo-ci-${metadata.orgName}',
  );
  if (requiredSecrets.length)
    annotations[ANNOTATION_REQUIRED_SECRETS] = requiredSecrets.join(',');
  const metadata: KObject['metadata'] = {
    ...wf.metadata,
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  // applyRenderedRunResource: a run resource in the run's own namespace gets a controller
  // reference; one elsewhere (the usual case) gets the tracking labels.
  if (namespace === run.metadata.namespace) {
    metadata.ownerReferences = [
      {
        apiVersion: RUN_API,
        kind: 'ComponentWorkflowRun',
        name: run.metadata.name!,
        uid: run.metadata.uid!,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  } else {
    metadata.labels = { ...(wf.metadata.labels ?? {}), ...labels };
  }
  const workflow = stringifyArgumentValues({
    ...wf,
    metadata,
    spec: { ...wfSpec, ttlStrategy: { secondsAfterCompletion: ttlSeconds } },
  }) as KObject;
  return {
    workflow,
    namespace,
    serviceAccountName,
    resources,
    requiredSecrets,
  };
}

import { isRecord, KObject } from '../../apiserver/types';
import {
  complexValuesToJson,
  flowStyleArraysToLists,
  lookup,
  pathKeys,
  render,
  stringifyArgumentValues,
} from '../render';
import { RenderError, runResourceTarget } from '../renderedWorkflow';

export const LABEL_WORKFLOW_RUN = 'openchoreo.dev/workflowrun';
export const LABEL_WORKFLOW_RUN_NAMESPACE =
  'openchoreo.dev/workflowrun-namespace';
const LABEL_MANAGED_BY = 'openchoreo.dev/managed-by';
const MANAGED_BY = 'workflowrun-controller';

/** The enforced build namespace of a run in `namespace` (`BuildCELContext`, `pipeline.go@v1.2.3:211`). */
export function workflowsNamespace(namespace: string): string {
  return `workflows-${namespace}`;
}

/** The tracking labels of `applyRenderedResources` / `applyRenderedRunResource` (`controller.go@v1.2.3`). */
export function trackingLabels(run: KObject): Record<string, string> {
  return {
    [LABEL_WORKFLOW_RUN]: run.metadata.name!,
    [LABEL_WORKFLOW_RUN_NAMESPACE]: run.metadata.namespace!,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}

/**
 * `schema.ApplyDefaults` over the structural schema of `parameters.openAPIV3Schema`: a missing
 * property with a `default` gets it, then objects and array items are defaulted inside.
 */
export function applySchemaDefaults(schema: unknown, value: unknown): unknown {
  if (!isRecord(schema)) return value;
  if (Array.isArray(value))
    return value.map(item => applySchemaDefaults(schema.items, item));
  if (!isRecord(value) || !isRecord(schema.properties)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (!isRecord(prop)) continue;
    if (out[key] === undefined && prop.default !== undefined)
      out[key] = structuredClone(prop.default);
    if (out[key] !== undefined) out[key] = applySchemaDefaults(prop, out[key]);
  }
  return out;
}

/** The values `${…}` expressions of a (Cluster)Workflow see (`BuildCELContext`, `pipeline.go@v1.2.3`). */
export interface WorkflowRenderContext {
  metadata: {
    namespaceName: string;
    workflowRunName: string;
    namespace: string;
    labels: Record<string, string>;
  };
  parameters: Record<string, unknown>;
  workflowplane: { secretStore: string };
  externalRefs?: Record<string, { spec: unknown }>;
}

export function contextOf(
  run: KObject,
  workflowSpec: Record<string, unknown>,
  secretStore: string,
): WorkflowRenderContext {
  const ns = run.metadata.namespace ?? '';
  const name = run.metadata.name ?? '';
  // validateInput (pipeline.go@v1.2.3)
  if (!ns)
    throw new RenderError('invalid input: context.namespaceName is required');
  if (!name)
    throw new RenderError('invalid input: context.workflowRunName is required');
  const runSpec = isRecord(run.spec) ? run.spec : {};
  const given =
    isRecord(runSpec.workflow) && isRecord(runSpec.workflow.parameters)
      ? runSpec.workflow.parameters
      : {};
  const params = isRecord(workflowSpec.parameters)
    ? workflowSpec.parameters
    : {};
  const parameters = applySchemaDefaults(params.openAPIV3Schema, given);
  return {
    metadata: {
      namespaceName: ns,
      workflowRunName: name,
      namespace: workflowsNamespace(ns),
      labels: { ...(run.metadata.labels ?? {}) },
    },
    parameters: isRecord(parameters) ? parameters : {},
    workflowplane: { secretStore },
  };
}

/**
 * Refuses expressions the sandbox cannot evaluate. Upstream evaluates CEL; the sandbox knows
 * paths (`a.b['c']`), so a template using more (e.g. `.map(…)`) must not render silently wrong.
 */
function checkExpressions(template: unknown, what: string): void {
  const text = JSON.stringify(template) ?? '';
  for (const m of text.matchAll(/\$\{([^}]*)\}/g))
    if (!pathKeys(m[1].replace(/\\"/g, '"')))
      throw new RenderError(
        `${what}: the sandbox evaluates only paths such as \${parameters.repository.url}, not the CEL expression \${${m[1]}}`,
      );
}

/**
 * `shouldIncludeResource`: `includeWhen` must be a boolean. The sandbox evaluates the forms the
 * samples use: `true`, `false`, `has(path)`, `path`, `!path`, `path == "x"`, `path != "x"`,
 * joined by `&&` or `||` (no parentheses, `&&` binding tighter).
 */
export function evaluateIncludeWhen(
  includeWhen: string,
  ctx: WorkflowRenderContext,
): boolean {
  const whole = /^\s*\$\{([\s\S]*)\}\s*$/.exec(includeWhen);
  if (!whole)
    throw new RenderError(
      `includeWhen must evaluate to boolean, got string (${includeWhen})`,
    );
  const term = (t: string): boolean => {
    const s = t.trim();
    if (s === 'true' || s === 'false') return s === 'true';
    const has = /^has\((.+)\)$/.exec(s);
    if (has && pathKeys(has[1])) return lookup(ctx, has[1]) !== undefined;
    const cmp = /^(.+?)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)')$/.exec(s);
    if (cmp && pathKeys(cmp[1])) {
      const equal = lookup(ctx, cmp[1]) === (cmp[3] ?? cmp[4]);
      return cmp[2] === '==' ? equal : !equal;
    }
    const not = /^!\s*(.+)$/.exec(s);
    if (not && pathKeys(not[1])) return !lookup(ctx, not[1]);
    if (pathKeys(s)) {
      const value = lookup(ctx, s);
      if (typeof value === 'boolean') return value;
    }
    throw new RenderError(
      `includeWhen: the sandbox cannot evaluate "${s}" (supported: has(path), path == "x", path != "x", !path, true, false with && and ||)`,
    );
  };
  return whole[1].split('||').some(alt => alt.split('&&').every(term));
}

/** `renderTemplate` + `validateRenderedResource` (`pipeline.go@v1.2.3`). */
export function renderResource(
  template: unknown,
  ctx: WorkflowRenderContext,
  what: string,
): KObject {
  checkExpressions(template, what);
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

export interface RenderedWorkflowRun {
  workflow: KObject;
  namespace: string;
  serviceAccountName: string;
  resources: KObject[];
}

/**
 * What a WorkflowRun becomes on the workflow plane (`Pipeline.Render`, `pipeline.go@v1.2.3`, and
 * `ensureRunResource` / `applyRenderedRunResource`, `controller.go@v1.2.3`): the runTemplate
 * (its namespace and service account as rendered; `spec.arguments.parameters[].value`
 * stringified; the tracking labels, as it never renders into the run's own namespace) and the
 * `resources` whose `includeWhen` holds, skipped when their name renders empty or starts with
 * `-`, forced into `workflows-<namespace>` and labelled. Throws `RenderError` where upstream
 * logs and requeues.
 */
export function renderWorkflowRun(
  run: KObject,
  workflowSpec: Record<string, unknown>,
  ctx: WorkflowRenderContext,
): RenderedWorkflowRun {
  if (!isRecord(workflowSpec.runTemplate))
    throw new RenderError('invalid input: workflow has no runTemplate');
  const wf = renderResource(workflowSpec.runTemplate, ctx, 'runTemplate');
  const labels = trackingLabels(run);
  const resources: KObject[] = [];
  for (const item of Array.isArray(workflowSpec.resources)
    ? workflowSpec.resources.filter(isRecord)
    : []) {
    const id = String(item.id);
    if (
      typeof item.includeWhen === 'string' &&
      item.includeWhen &&
      !evaluateIncludeWhen(item.includeWhen, ctx)
    )
      continue;
    const obj = renderResource(item.template, ctx, `resource "${id}"`);
    if (obj.metadata.name!.startsWith('-')) continue;
    obj.metadata.namespace = ctx.metadata.namespace;
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...labels };
    resources.push(obj);
  }
  const { namespace, serviceAccountName, annotations } = runResourceTarget(
    run,
    wf,
    'set runTemplate metadata.namespace: ${metadata.namespace}',
  );
  const metadata: KObject['metadata'] = {
    ...wf.metadata,
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
  if (namespace === run.metadata.namespace) {
    metadata.ownerReferences = [
      {
        apiVersion: run.apiVersion,
        kind: 'WorkflowRun',
        name: run.metadata.name!,
        uid: run.metadata.uid!,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  } else {
    metadata.labels = { ...(wf.metadata.labels ?? {}), ...labels };
  }
  const workflow = stringifyArgumentValues({ ...wf, metadata }) as KObject;
  return { workflow, namespace, serviceAccountName, resources };
}

/**
 * `resolveExternalRefs` (`externalref.go@v1.2.3`): each ref whose `name` renders non-empty is
 * read from the run's namespace and exposed as `externalRefs['<id>'].spec`. Only SecretReference
 * is supported, as upstream. `read` returns the object or undefined; errors (also a type the
 * control plane does not serve) are thrown and the run is requeued.
 */
export function resolveExternalRefs(
  refs: unknown,
  ctx: WorkflowRenderContext,
  read: (plural: string, name: string) => KObject | undefined,
): Record<string, { spec: unknown }> | undefined {
  const list = Array.isArray(refs) ? refs.filter(isRecord) : [];
  if (!list.length) return undefined;
  const resolved: Record<string, { spec: unknown }> = {};
  for (const ref of list) {
    const id = String(ref.id);
    checkExpressions(ref.name, `externalRef "${id}"`);
    const name = render(ref.name, ctx);
    if (typeof name !== 'string')
      throw new RenderError(
        `failed to evaluate name for externalRef "${id}": name expression must evaluate to a string`,
      );
    if (!name) continue;
    if (ref.kind !== 'SecretReference')
      throw new RenderError(
        `failed to resolve externalRef "${id}": unsupported externalRef kind "${String(
          ref.kind,
        )}", only SecretReference is supported`,
      );
    const found = read('secretreferences', name);
    if (!found)
      throw new RenderError(
        `failed to resolve externalRef "${id}": SecretReference "${name}" not found in namespace "${ctx.metadata.namespaceName}"`,
      );
    resolved[id] = { spec: found.spec ?? {} };
  }
  return resolved;
}

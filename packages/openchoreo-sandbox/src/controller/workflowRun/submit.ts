import { ApiError } from '../../apiserver/errors';
import type { KObject } from '../../apiserver/types';
import { ensurePrerequisites } from '../prerequisites';
import { createOrUpdate, ResourceRef } from '../reconcileRun';
import { RenderError } from '../renderRun';
import type { Next, WorkflowRunContext } from './context';
import { contextOf, renderWorkflowRun, resolveExternalRefs } from './render';
import { OPENCHOREO_API } from './validate';

/**
 * Render, then `ensureRunResource` (`controller.go@v1.2.3`): prerequisites, the rendered
 * resources, the Argo Workflow; `status.resources` and `status.runReference` name what was
 * applied. Every failure is upstream's `Requeue: true` with its message.
 */
export function submitWorkflowRun(
  ctx: WorkflowRunContext,
  run: KObject,
  status: Record<string, unknown>,
  wfSpec: Record<string, unknown>,
  secretStore: string,
): Next {
  let rendered;
  try {
    const renderContext = contextOf(run, wfSpec, secretStore);
    const refs = resolveExternalRefs(
      wfSpec.externalRefs,
      renderContext,
      (plural, name) =>
        ctx.control.get(OPENCHOREO_API, plural, run.metadata.namespace, name),
    );
    if (refs) renderContext.externalRefs = refs;
    rendered = renderWorkflowRun(run, wfSpec, renderContext);
  } catch (e) {
    if (!(e instanceof RenderError || e instanceof ApiError)) throw e;
    return {
      next: 'requeue',
      why: `failed to render workflow: ${e.message}`,
    };
  }
  try {
    ensurePrerequisites(
      ctx.build,
      rendered.namespace,
      rendered.serviceAccountName,
    );
  } catch (e) {
    return {
      next: 'requeue',
      why: `failed to ensure prerequisite resources: ${(e as Error).message}`,
    };
  }
  const applied: ResourceRef[] = [];
  try {
    for (const obj of rendered.resources) {
      createOrUpdate(ctx.build, obj);
      applied.push({
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name!,
        namespace: obj.metadata.namespace,
      });
    }
  } catch (e) {
    return {
      next: 'requeue',
      why: `failed to apply rendered resources: ${(e as Error).message}`,
    };
  }
  if (applied.length) status.resources = applied;
  else delete status.resources;
  try {
    createOrUpdate(ctx.build, rendered.workflow);
  } catch (e) {
    return {
      next: 'requeue',
      why: `failed to apply rendered run resource: ${(e as Error).message}`,
    };
  }
  status.runReference = {
    apiVersion: rendered.workflow.apiVersion,
    kind: rendered.workflow.kind,
    name: rendered.workflow.metadata.name!,
    namespace: rendered.namespace,
  };
  return { next: 'requeue' };
}

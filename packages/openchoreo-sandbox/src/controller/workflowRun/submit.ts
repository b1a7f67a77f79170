import { ApiError } from '../../apiserver/errors';
import type { KObject } from '../../apiserver/types';
import { ensureRunResource } from '../reconcileRun';
import { RenderError } from '../renderedWorkflow';
import type { Next, WorkflowRunContext } from './context';
import { contextOf, renderWorkflowRun, resolveExternalRefs } from './render';
import { OPENCHOREO_API } from './validate';

/**
 * Render (external refs resolved first), then `ensureRunResource`, shared with the
 * ComponentWorkflowRun controller. Every failure is upstream's `Requeue: true` with its message.
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
  return ensureRunResource(ctx.build, rendered, status);
}

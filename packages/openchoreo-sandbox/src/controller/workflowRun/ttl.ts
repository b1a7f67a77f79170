import { isRecord, KObject } from '../../apiserver/types';
import { parseGoDuration } from '../goDuration';
import { Next, PLURAL, WorkflowRunContext } from './context';
import { OPENCHOREO_API } from './validate';

const DAYS =
  /^(?:(\d+)d)?(?:\s*)(?:(\d+)h)?(?:\s*)(?:(\d+)m)?(?:\s*)(?:(\d+)s)?$/;

/**
 * `cmdutil.ParseDuration` (`internal/cmdutil/duration.go@v1.2.3`), what the controller reads
 * `spec.ttlAfterCompletion` with: a Go duration when there is no `d`, else
 * `[Nd][Nh][Nm][Ns]` (spaces allowed between parts). Milliseconds, or undefined where upstream
 * errs (the controller then logs "Invalid TTL duration" and never deletes the run).
 */
export function parseTtl(text: string): number | undefined {
  const s = text.trim();
  if (!s) return undefined;
  if (!s.includes('d')) {
    const ms = parseGoDuration(s);
    if (ms !== undefined) return ms < 0 ? undefined : ms;
  }
  const m = DAYS.exec(s);
  if (!m) return undefined;
  const [d, h, min, sec] = m.slice(1).map(v => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + sec) * 1000;
}

/**
 * Sandbox only: a fast sandbox copies the Workflow's TTL onto a run already scaled (e.g. the
 * samples' `1d` as `20s`), so the run object says when it will really go and a client that reads
 * `ttlAfterCompletion` (the portal tells retention from an early deletion by it) sees the truth.
 * The annotation keeps the Workflow's own value; such a TTL is not scaled a second time.
 */
export const ANNOTATION_TTL_SCALED = 'sandbox.openchoreo.dev/ttl-scaled-from';

/** The TTL copied from the Workflow: as written, or scaled (whole seconds) in a fast sandbox. */
export function copiedTtl(
  ctx: WorkflowRunContext,
  text: string,
): { text: string; scaled: boolean } {
  const ms = parseTtl(text);
  if (ms === undefined) return { text, scaled: false };
  const scaled = ctx.scaleTtl(ms);
  if (scaled === ms) return { text, scaled: false };
  return { text: `${Math.max(1, Math.ceil(scaled / 1000))}s`, scaled: true };
}

/**
 * `checkTTLExpiration` (`controller.go@v1.2.3`): a completed run with a TTL is deleted once
 * `completedAt + TTL` has passed (the finalizer then cleans the workflow plane up), else looked
 * at again then. An unparsable TTL is logged and never expires. Undefined: no TTL applies.
 */
export function checkTtl(
  ctx: WorkflowRunContext,
  run: KObject,
  now: Date,
): Next | undefined {
  const completedAt = isRecord(run.status) ? run.status.completedAt : undefined;
  const spec = isRecord(run.spec) ? run.spec : {};
  const ttlText =
    typeof spec.ttlAfterCompletion === 'string' ? spec.ttlAfterCompletion : '';
  if (typeof completedAt !== 'string' || !ttlText) return undefined;
  const ttl = parseTtl(ttlText);
  if (ttl === undefined) {
    ctx.explain(
      run,
      `Invalid TTL duration "${ttlText}" (expected e.g. 90d, 1d12h, 30m)`,
    );
    return undefined;
  }
  const alreadyScaled =
    run.metadata.annotations?.[ANNOTATION_TTL_SCALED] !== undefined;
  const expires =
    Date.parse(completedAt) + (alreadyScaled ? ttl : ctx.scaleTtl(ttl));
  if (now.getTime() >= expires) {
    ctx.control.delete(
      OPENCHOREO_API,
      PLURAL,
      run.metadata.namespace,
      run.metadata.name!,
    );
    return {
      next: 'done',
      why: `TTL expired (${ttlText}), deleting WorkflowRun`,
    };
  }
  return { next: 'after', ms: expires - now.getTime() };
}

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
  const expires = Date.parse(completedAt) + ctx.scaleTtl(ttl);
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

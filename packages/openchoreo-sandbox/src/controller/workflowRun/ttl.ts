import { parseGoDuration } from '../goDuration';

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

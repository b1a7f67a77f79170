import { isRecord } from '../apiserver/types';

/** Values available to `${...}` expressions of a ComponentWorkflow's templates. */
export interface RenderContext {
  metadata: {
    workflowRunName: string;
    componentName: string;
    projectName: string;
    orgName: string;
  };
  systemParameters: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

function lookup(ctx: RenderContext, path: string): unknown {
  let current: unknown = ctx;
  for (const part of path.trim().split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Substitutes `${path}` expressions. A string that is exactly one expression
 * takes the value's own type (numbers, booleans stay typed; objects and
 * arrays become JSON text, as Argo parameters are strings); mixed strings
 * interpolate text. Unknown paths render empty.
 */
export function render(template: unknown, ctx: RenderContext): unknown {
  if (Array.isArray(template)) return template.map(t => render(t, ctx));
  if (isRecord(template))
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [k, render(v, ctx)]),
    );
  if (typeof template !== 'string') return template;
  const whole = /^\$\{([^}]+)\}$/.exec(template);
  if (whole) {
    const value = lookup(ctx, whole[1]);
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    return asText(value);
  }
  return template.replace(/\$\{([^}]+)\}/g, (_m, path: string) =>
    asText(lookup(ctx, path)),
  );
}

/** Parses the `default=` marker of OpenChoreo's shorthand schema (`string | default=main ...`). */
function shorthandDefault(spec: string): { has: boolean; value?: unknown } {
  const bar = spec.indexOf('|');
  if (bar < 0) return { has: false };
  const type = spec.slice(0, bar).trim();
  const markers = spec.slice(bar + 1);
  const m =
    /(?:^|\s)default=("(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\]|\{[^}]*\}|\S+)/.exec(
      markers,
    );
  if (!m) return { has: false };
  let raw = m[1];
  if (raw.startsWith("'") && raw.endsWith("'"))
    raw = JSON.stringify(raw.slice(1, -1));
  try {
    const parsed = JSON.parse(raw);
    return {
      has: true,
      value:
        type === 'string' && typeof parsed !== 'string'
          ? String(parsed)
          : parsed,
    };
  } catch {
    if (type === 'integer' || type === 'number')
      return { has: true, value: Number(raw) };
    if (type === 'boolean') return { has: true, value: raw === 'true' };
    return { has: true, value: raw };
  }
}

/** Fills in defaults declared by a shorthand schema for values the run did not give. */
export function applyDefaults(
  schema: unknown,
  values: unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = isRecord(values) ? { ...values } : {};
  if (!isRecord(schema)) return out;
  for (const [key, spec] of Object.entries(schema)) {
    if (typeof spec === 'string') {
      if (out[key] === undefined) {
        const d = shorthandDefault(spec);
        if (d.has) out[key] = d.value;
      }
    } else if (isRecord(spec)) {
      out[key] = applyDefaults(spec, out[key]);
    }
  }
  return out;
}

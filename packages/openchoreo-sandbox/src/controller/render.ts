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

/** The keys of a path: `a.b['c/d'].e` → a, b, c/d, e; undefined when it is not such a path. */
export function pathKeys(path: string): string[] | undefined {
  const keys: string[] = [];
  const part =
    /(?:^|\.)([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  const text = path.trim();
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const m = part.exec(text);
    if (!m) return undefined;
    keys.push(m[1] ?? m[2] ?? m[3]);
    at = part.lastIndex;
  }
  return keys.length ? keys : undefined;
}

/** The value at a dotted path (bracketed string keys allowed: `metadata.labels['openchoreo.dev/component']`). */
export function lookup(ctx: object, path: string): unknown {
  const keys = pathKeys(path);
  if (!keys) return undefined;
  let current: unknown = ctx;
  for (const part of keys) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

/** How `internal/template/engine.go@v0.9.0` (`renderString`) interpolates a value into text. */
function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Substitutes `${path}` expressions like OpenChoreo's template engine
 * (`internal/template/engine.go@v0.9.0`, `renderString`): a string that is
 * exactly one expression (spaces around it allowed) takes the value's own type
 * (objects and arrays stay structured); mixed strings interpolate text.
 *
 * Sandbox simplification: upstream evaluates CEL; here an expression is a
 * dotted path (string keys may be bracketed: `metadata.labels['openchoreo.dev/component']`, as
 * v1.x templates write them), and an unknown path renders empty (CEL would fail with "no such
 * key" and the run would stay Pending).
 */
export function render(template: unknown, ctx: object): unknown {
  if (Array.isArray(template)) return template.map(t => render(t, ctx));
  if (isRecord(template))
    return Object.fromEntries(
      Object.entries(template).map(([k, v]) => [k, render(v, ctx)]),
    );
  if (typeof template !== 'string') return template;
  const whole = /^\$\{([^}]+)\}$/.exec(template.trim());
  if (whole) {
    const value = lookup(ctx, whole[1]);
    return value === undefined || value === null ? '' : value;
  }
  return template.replace(/\$\{([^}]+)\}/g, (_m, path: string) =>
    asText(lookup(ctx, path)),
  );
}

/**
 * `convertComplexValuesToJSONStrings` (`internal/pipeline/componentworkflow/pipeline.go@v0.9.0`):
 * every `value` field holding an object or array becomes its JSON text, because Argo parameters
 * are strings.
 */
export function complexValuesToJson(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(complexValuesToJson);
  if (!isRecord(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      k === 'value' && (Array.isArray(v) || isRecord(v))
        ? JSON.stringify(v)
        : complexValuesToJson(v),
    ]),
  );
}

/**
 * `convertFlowStyleArraysToSlices` (`pipeline.go@v0.9.0`): any string that starts with `[` and
 * parses as a JSON array becomes that array. It runs after `complexValuesToJson`, so upstream
 * turns array-valued `value` fields back into arrays here.
 */
export function flowStyleArraysToLists(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(flowStyleArraysToLists);
  if (isRecord(data))
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, flowStyleArraysToLists(v)]),
    );
  if (typeof data === 'string' && data.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(data);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: stays text, as upstream
    }
  }
  return data;
}

/** `convertToString` (`controller.go@v0.9.0:572`): an Argo parameter value as text. */
function parameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || isRecord(value)) return JSON.stringify(value);
  return asText(value);
}

/**
 * `convertParameterValuesToStrings` (`controller.go@v0.9.0:496-590`): the values of the run
 * resource's `spec.arguments.parameters[]` are stringified just before it is applied.
 */
export function stringifyArgumentValues(
  resource: Record<string, unknown>,
): Record<string, unknown> {
  const spec = resource.spec;
  if (!isRecord(spec) || !isRecord(spec.arguments)) return resource;
  const params = spec.arguments.parameters;
  if (!Array.isArray(params)) return resource;
  return {
    ...resource,
    spec: {
      ...spec,
      arguments: {
        ...spec.arguments,
        parameters: params.map(p =>
          isRecord(p) && 'value' in p
            ? { ...p, value: parameterText(p.value) }
            : p,
        ),
      },
    },
  };
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

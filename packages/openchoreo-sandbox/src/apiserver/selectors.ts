import { ApiError, errors } from './errors';
import type { LabelEquality } from './typeIndex';
import { getPath, KObject } from './types';

type Requirement =
  | { op: 'exists' | '!exists'; key: string }
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

export type Matcher = (obj: KObject) => boolean;

/** Splits on commas that are not inside a `( ... )` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

function parseRequirement(text: string, kind: string): Requirement {
  let m = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (m) {
    return {
      op: m[2] as 'in' | 'notin',
      key: m[1],
      values: m[3]
        .split(',')
        .map(v => v.trim())
        .filter(v => v !== ''),
    };
  }
  m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(text);
  if (m) return { op: m[2] === '!=' ? '!=' : '=', key: m[1], value: m[3] };
  m = /^!\s*([^\s!=()]+)$/.exec(text);
  if (m) return { op: '!exists', key: m[1] };
  m = /^([^\s!=()]+)$/.exec(text);
  if (m) return { op: 'exists', key: m[1] };
  throw errors.badRequest(
    `unable to parse requirement: ${kind} selector "${text}"`,
  );
}

function evaluate(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case '=':
      return value === req.value;
    case '!=':
      return value !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    default:
      return false;
  }
}

/** A parsed label selector: the full test, and the terms a label index can answer. */
export interface LabelSelector {
  matches: Matcher;
  /** `key=value` (or `key in (value)`) terms: every selected object carries each of these labels. */
  equalities: LabelEquality[];
}

export function compileLabelSelector(
  selector: string | undefined,
): LabelSelector {
  if (!selector) return { matches: () => true, equalities: [] };
  const reqs = splitTopLevel(selector).map(r => parseRequirement(r, 'label'));
  const equalities: LabelEquality[] = [];
  for (const r of reqs) {
    if (r.op === '=') equalities.push({ key: r.key, value: r.value });
    else if (r.op === 'in' && r.values.length === 1)
      equalities.push({ key: r.key, value: r.values[0] });
  }
  return {
    matches: obj => reqs.every(r => evaluate(r, obj.metadata.labels?.[r.key])),
    equalities,
  };
}

export function parseFieldSelector(selector: string | undefined): Matcher {
  if (!selector) return () => true;
  const reqs = splitTopLevel(selector).map(r => parseRequirement(r, 'field'));
  for (const r of reqs) {
    if (r.op !== '=' && r.op !== '!=') {
      throw new ApiError(
        400,
        'BadRequest',
        `invalid field selector: operator ${r.op} is not supported`,
      );
    }
  }
  // Real servers support metadata.name / metadata.namespace everywhere plus a few
  // per-type fields; any dotted path that resolves to a scalar is accepted here.
  return obj =>
    reqs.every(r => {
      const raw = getPath(obj, r.key);
      const value = raw === undefined || raw === null ? '' : String(raw);
      return evaluate(r, value);
    });
}

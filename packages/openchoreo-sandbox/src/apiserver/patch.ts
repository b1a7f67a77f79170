import { errors } from './errors';
import { clone, isRecord } from './types';

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/**
 * Strategic merge patches are applied as JSON merge patches: list merge keys are
 * not modelled, so `$`-directives (used only for lists and ordering) are dropped.
 */
export function stripStrategicDirectives(patch: unknown): unknown {
  if (Array.isArray(patch)) return patch.map(stripStrategicDirectives);
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    out[key] = stripStrategicDirectives(value);
  }
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw errors.badRequest(`invalid JSON pointer: ${path}`);
  return path
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(
  doc: unknown,
  parts: string[],
): { parent: unknown; key: string } {
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else current = undefined;
    if (current === undefined)
      throw errors.badRequest(`path not found: /${parts.join('/')}`);
  }
  return { parent: current, key: parts[parts.length - 1] };
}

function read(doc: unknown, path: string): unknown {
  let current = doc;
  for (const part of pointer(path)) {
    if (Array.isArray(current)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function remove(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, pointer(path));
  if (Array.isArray(parent)) {
    const index = Number(key);
    if (!(index >= 0 && index < parent.length))
      throw errors.badRequest(`path not found: ${path}`);
    return parent.splice(index, 1)[0];
  }
  if (isRecord(parent) && key in parent) {
    const old = parent[key];
    delete parent[key];
    return old;
  }
  throw errors.badRequest(`unable to remove nonexistent key: ${path}`);
}

function add(
  doc: unknown,
  path: string,
  value: unknown,
  replace: boolean,
): unknown {
  const parts = pointer(path);
  if (parts.length === 0) return clone(value);
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!(index >= 0 && index <= parent.length))
      throw errors.badRequest(`index out of range: ${path}`);
    if (replace) parent[index] = clone(value);
    else parent.splice(index, 0, clone(value));
  } else if (isRecord(parent)) {
    if (replace && !(key in parent))
      throw errors.badRequest(`unable to replace nonexistent key: ${path}`);
    parent[key] = clone(value);
  } else {
    throw errors.badRequest(`path not found: ${path}`);
  }
  return doc;
}

/** RFC 6902 JSON patch; the client-node default patch type. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops))
    throw errors.badRequest('json patch must be an array of operations');
  let doc = clone(target);
  for (const raw of ops as JsonPatchOp[]) {
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, raw.value, false);
        break;
      case 'replace':
        doc = add(doc, raw.path, raw.value, true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move': {
        const value = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, value, false);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, read(doc, raw.from ?? ''), false);
        break;
      case 'test':
        if (JSON.stringify(read(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw errors.badRequest(`test operation failed for path ${raw.path}`);
        }
        break;
      default:
        throw errors.badRequest(
          `unknown json patch operation: ${String(raw.op)}`,
        );
    }
  }
  return doc;
}

import type { RunRepository } from '../api/runs';
import type { JsonValue } from '../kubernetes/openchoreo';

/**
 * The repository a v1 Workflow builds lives inside its free `parameters`; the Workflow's
 * `openAPIV3Schema` marks which properties hold it with boolean `x-openchoreo-component-parameter-
 * repository-<role>` extensions (`internal/controller/annotations.go@v1.2.3:32-37`). These rules find
 * the marked fields, read the repository from a run's parameters and write an override into them,
 * so webhooks, the Start build form and the run summary treat v0 and v1 alike.
 */

/** Role → extension key (the suffix is upstream's role key). @public */
export const REPOSITORY_FIELD_MARKERS = {
  url: 'x-openchoreo-component-parameter-repository-url',
  branch: 'x-openchoreo-component-parameter-repository-branch',
  commit: 'x-openchoreo-component-parameter-repository-commit',
  appPath: 'x-openchoreo-component-parameter-repository-app-path',
  secretRef: 'x-openchoreo-component-parameter-repository-secret-ref',
} as const;

/** A repository role. @public */
export type RepositoryFieldRole = keyof typeof REPOSITORY_FIELD_MARKERS;

/** Role → dotted property path inside `parameters` (e.g. `repository.revision.branch`). @public */
export type RepositoryFieldPaths = Partial<Record<RepositoryFieldRole, string>>;

type SchemaNode = { [key: string]: unknown };

const isObject = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The marked fields of a v1 `parameters.openAPIV3Schema`, walked as upstream's
 * `walkSchemaForComponentRepository` walks it: through `properties` only, a marker on the root is
 * ignored, and a role marked twice is an error (upstream rejects the Workflow).
 *
 * @public
 */
export function findRepositoryFields(schema: unknown): {
  paths: RepositoryFieldPaths;
  errors: string[];
} {
  const paths: RepositoryFieldPaths = {};
  const errors: string[] = [];
  const roles = Object.entries(REPOSITORY_FIELD_MARKERS) as Array<
    [RepositoryFieldRole, string]
  >;
  const walk = (node: SchemaNode, prefix: string) => {
    if (prefix) {
      for (const [role, marker] of roles) {
        if (node[marker] !== true) continue;
        if (paths[role]) {
          errors.push(
            `${marker} marks both ${paths[role]} and ${prefix}; a Workflow may mark one field per role`,
          );
        } else paths[role] = prefix;
      }
    }
    const properties = node.properties;
    if (!isObject(properties)) return;
    for (const [name, child] of Object.entries(properties)) {
      if (isObject(child)) walk(child, prefix ? `${prefix}.${name}` : name);
    }
  };
  if (isObject(schema)) walk(schema, '');
  return { paths, errors };
}

function readPath(values: unknown, path: string | undefined): unknown {
  if (!path) return undefined;
  let node: unknown = values;
  for (const key of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The repository a v1 run's (or Component's) `parameters` name, through the marked fields. @public */
export function readRepositoryFields(
  parameters: unknown,
  paths: RepositoryFieldPaths,
): RunRepository {
  return {
    url: asText(readPath(parameters, paths.url)),
    branch: asText(readPath(parameters, paths.branch)),
    commit: asText(readPath(parameters, paths.commit)),
    appPath: asText(readPath(parameters, paths.appPath)),
  };
}

/**
 * Writes a repository override into a copy of `parameters` at the marked paths. A role the
 * override sets but the Workflow does not mark is reported (the caller answers 400 naming it), not
 * silently dropped; an empty commit removes the field, as the v0 rule `dropEmptyCommit` does.
 *
 * @public
 */
export function writeRepositoryFields(
  parameters: { [key: string]: JsonValue } | undefined,
  paths: RepositoryFieldPaths,
  override: RunRepository,
): {
  parameters: { [key: string]: JsonValue };
  unmarked: RepositoryFieldRole[];
} {
  const result = structuredClone(parameters ?? {});
  const unmarked: RepositoryFieldRole[] = [];
  for (const role of ['url', 'branch', 'commit', 'appPath'] as const) {
    const value = override[role];
    if (value === undefined) continue;
    const path = paths[role];
    if (!path) {
      unmarked.push(role);
      continue;
    }
    const keys = path.split('.');
    let node: { [key: string]: JsonValue } = result;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (!isObject(next)) node[key] = {};
      node = node[key] as { [key: string]: JsonValue };
    }
    const leaf = keys[keys.length - 1];
    if (role === 'commit' && value === '') delete node[leaf];
    else node[leaf] = value;
  }
  return { parameters: result, unmarked };
}

import {
  BRANCH_NAME_PATTERN,
  COMMIT_SHA_PATTERN,
  parseMissingStoreKey,
  REPOSITORY_URL_PATTERN,
  type ComponentWorkflow,
  type ComponentWorkflowResource,
  type ExternalSecret,
  type JsonSchema,
  type RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { shorthandToJsonSchema } from '../schema/toJsonSchema';
import type { ExternalSecretFailures } from './externalSecretFailures';

function child(
  schema: JsonSchema | undefined,
  field: string,
): JsonSchema | undefined {
  return schema?.properties?.[field];
}

/**
 * JSON Schemas of a workflow. The system-parameter schema also carries what the ComponentWorkflowRun
 * CRD itself enforces on top of the shorthand (`-common` rules/runSpecRules.ts): the URL must be
 * http(s) or scp-like git, the branch a git branch name, both free of shell syntax, the commit is
 * optional (CRD) and must be a 7–40 hex SHA when given.
 */
export function workflowSchemas(wf: ComponentWorkflow): {
  systemParametersSchema: JsonSchema;
  parametersSchema: JsonSchema;
  warnings: string[];
} {
  const types = wf.spec?.schema?.types;
  const system = shorthandToJsonSchema(
    wf.spec?.schema?.systemParameters,
    types,
  );
  const params = shorthandToJsonSchema(wf.spec?.schema?.parameters, types);
  const repository = child(system.schema, 'repository');
  const url = child(repository, 'url');
  if (url && !url.pattern) url.pattern = REPOSITORY_URL_PATTERN;
  if (url && url.type === 'string') url.minLength = url.minLength ?? 1;
  const revision = child(repository, 'revision');
  const branch = child(revision, 'branch');
  // The portal's branch rule (git ref format, nothing a shell interprets), for the start form too.
  if (branch && branch.type === 'string' && !branch.pattern)
    branch.pattern = BRANCH_NAME_PATTERN;
  const commit = child(revision, 'commit');
  if (commit) {
    commit.pattern = commit.pattern ?? COMMIT_SHA_PATTERN;
    if (revision?.required) {
      revision.required = revision.required.filter(field => field !== 'commit');
      if (revision.required.length === 0) {
        delete revision.required;
        // Nothing left to require below: the revision itself can be left to its defaults.
        if (repository?.required)
          repository.required = repository.required.filter(
            f => f !== 'revision',
          );
      }
    }
  }
  return {
    systemParametersSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...system.schema,
    },
    parametersSchema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...params.schema,
    },
    warnings: [
      ...system.warnings.map(w => `systemParameters.${w}`),
      ...params.warnings.map(w => `parameters.${w}`),
    ],
  };
}

const RUN_PREFIX = /^\$\{\s*metadata\.workflowRunName\s*\}-?/;

/** `${metadata.workflowRunName}-git-clone-secret` → `git-clone-secret`. */
function stableName(template: string | undefined): string | undefined {
  return template?.replace(RUN_PREFIX, '') || undefined;
}

/** A matcher for names rendered from a template: `${...}` parts match any name fragment. */
function templateMatcher(template: string): RegExp {
  const parts = template
    .split(/\$\{[^}]*\}/)
    .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[a-z0-9][a-z0-9.-]*')}$`);
}

/** A secret a workflow declares, before its readiness is known. */
export type DeclaredSecret = Omit<
  RequiredSecret,
  'status' | 'message' | 'missingKey'
>;

/** `spec.resources[]` of a v0 ComponentWorkflow or a v1 (Cluster)Workflow (v1 adds `includeWhen`). */
export type WorkflowResource = ComponentWorkflowResource & {
  includeWhen?: unknown;
};

/** `${workflowplane.secretStore}`: v1.2.3 renders it as the plane's `spec.secretStoreRef.name` (`pipeline.go@v1.2.3:232-234`). */
const PLANE_SECRET_STORE = /^\$\{\s*workflowplane\.secretStore\s*\}$/;

/**
 * The secrets a workflow's `spec.resources` will create per run (ExternalSecrets or Secrets), as
 * they will appear in `namespace` (v0: `openchoreo-ci-<org>`, v1: `workflows-<org>`). v1 extras:
 * a store named `${workflowplane.secretStore}` is the plane's `secretStore` when it is known; a
 * resource with `includeWhen` carries it as `condition` (CEL, never evaluated here); `spec.data`
 * written as a CEL expression (the sample's git secret) has no remote keys to list.
 */
export function requiredSecretsOf(
  resources: readonly WorkflowResource[] | undefined,
  namespace: string,
  options: { planeSecretStore?: string } = {},
): DeclaredSecret[] {
  const result: DeclaredSecret[] = [];
  for (const resource of Array.isArray(resources) ? resources : []) {
    const template = resource?.template as ExternalSecret | undefined;
    const kind = template?.kind;
    if (kind !== 'ExternalSecret' && kind !== 'Secret') continue;
    const nameTemplate = template?.metadata?.name ?? resource.id;
    const spec = kind === 'ExternalSecret' ? template?.spec : undefined;
    const storeRef = spec?.secretStoreRef;
    const storeName =
      storeRef?.name &&
      PLANE_SECRET_STORE.test(storeRef.name) &&
      options.planeSecretStore
        ? options.planeSecretStore
        : storeRef?.name;
    const data: unknown = spec?.data;
    const secret: DeclaredSecret = {
      resourceId: resource.id,
      kind,
      name: stableName(nameTemplate) ?? resource.id,
      nameTemplate,
      targetSecretName: stableName(spec?.target?.name),
      namespace,
      secretStore: storeRef
        ? { name: storeName, kind: storeRef.kind }
        : undefined,
      remoteKeys: (Array.isArray(data) ? (data as ExternalSecretData) : [])
        .map(d => d?.remoteRef?.key)
        .filter((k): k is string => typeof k === 'string'),
    };
    if (typeof resource.includeWhen === 'string' && resource.includeWhen)
      secret.condition = resource.includeWhen;
    result.push(secret);
  }
  return result;
}

type ExternalSecretData = NonNullable<
  NonNullable<ExternalSecret['spec']>['data']
>;

/**
 * Readiness of one required secret from what the build plane holds: the newest ExternalSecret
 * rendered from the same template (or named like it) decides; else an existing target Secret means
 * Ready; else Missing. A NotReady ExternalSecret whose Ready message, or else newest `UpdateFailed`
 * event (`failures`), names the key its store lacks carries it as `missingKey`, so that the portal
 * can show the command that adds it.
 */
export function secretReadiness(
  secret: DeclaredSecret,
  externalSecrets: ExternalSecret[],
  existingSecrets: Set<string>,
  failures: ExternalSecretFailures = new Map(),
): Pick<RequiredSecret, 'status' | 'message' | 'missingKey'> {
  const matcher = templateMatcher(secret.nameTemplate);
  const candidates = externalSecrets
    .filter(es => {
      const name = es.metadata?.name ?? '';
      return (
        name === secret.name ||
        matcher.test(name) ||
        name.endsWith(`-${secret.name}`) ||
        (secret.targetSecretName !== undefined &&
          es.spec?.target?.name === secret.targetSecretName)
      );
    })
    .sort(
      (a, b) =>
        Date.parse(b.metadata?.creationTimestamp ?? '') -
          Date.parse(a.metadata?.creationTimestamp ?? '') || 0,
    );
  const newest = candidates[0];
  if (newest) {
    const ready = newest.status?.conditions?.find(c => c.type === 'Ready');
    const label = `ExternalSecret ${newest.metadata?.name}`;
    if (ready?.status === 'True')
      return { status: 'Ready', message: `${label} is Ready` };
    const storeRef = newest.spec?.secretStoreRef ?? secret.secretStore;
    const missingKey = [
      ready?.message,
      ...(failures.get(newest.metadata?.name ?? '') ?? []),
    ]
      .map(message => parseMissingStoreKey(message, storeRef))
      .find(found => found !== undefined);
    return {
      status: 'NotReady',
      message: `${label} is not Ready${
        ready?.reason ? ` (${ready.reason})` : ''
      }${ready?.message ? `: ${ready.message}` : ''}`,
      ...(missingKey ? { missingKey } : {}),
    };
  }
  for (const name of [secret.targetSecretName, secret.name]) {
    if (name && existingSecrets.has(name))
      return { status: 'Ready', message: `Secret ${name} exists` };
  }
  return {
    status: 'Missing',
    message: `No ExternalSecret or Secret for ${secret.name} in ${secret.namespace}`,
  };
}

/**
 * A workflow is ready when each secret it needs is Ready; a conditional one (v1 `includeWhen`)
 * that no run has created yet is not needed by every run, so `Missing` does not count against it.
 */
export function workflowReady(secrets: readonly RequiredSecret[]): boolean {
  return secrets.every(
    s => s.status === 'Ready' || (s.condition && s.status === 'Missing'),
  );
}

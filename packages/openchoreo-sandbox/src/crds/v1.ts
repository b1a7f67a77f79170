import { join } from 'node:path';
import type { Cluster } from '../apiserver/cluster';
import { isRecord, KObject } from '../apiserver/types';
import { REFERENCE_DIR } from '../reference';
import { openChoreoCrds } from './openchoreo';
import { readCrds } from './readCrds';

/**
 * Which OpenChoreo API the control plane serves:
 * - `mixed` (default): the v0.9 kinds of the three old organizations (the sandbox's own
 *   definitions, `openchoreo.ts`) beside the v1.2.3 build kinds, read from the real v1.2.3 CRDs;
 * - `v1`: the real v1.2.3 CRDs only, as an OpenChoreo v1.2.3 control plane serves them.
 */
export type ControlPlaneApi = 'mixed' | 'v1';

/** The real v1.2.3 CRDs, vendored unchanged (`fixtures/NOTICE.md`). */
export const V1_CRDS_DIR = join(REFERENCE_DIR, 'openchoreo', 'crds-v1.2.3');

/** The organization (namespace) that speaks v1.2.3 in the mixed control plane. */
export const V1_ORG = 'nova';

/** The v1.2.3 build kinds (and what `allowedWorkflows` and the planes need) served in both modes. */
const V1_BUILD_PLURALS = [
  'workflowplanes',
  'clusterworkflowplanes',
  'workflows',
  'clusterworkflows',
  'workflowruns',
  'componenttypes',
  'clustercomponenttypes',
  'clusterobservabilityplanes',
];

/**
 * Kinds both generations define with different schemas. A `v1` control plane serves v1.2.3's;
 * the mixed one serves v0.9's and validates the objects in {@link V1_ORG} against v1.2.3's.
 */
const TWO_GENERATION_PLURALS = [
  'projects',
  'components',
  'observabilityplanes',
];

function v1CrdsByPlural(): Map<string, KObject> {
  const byPlural = new Map<string, KObject>();
  for (const crd of readCrds(V1_CRDS_DIR)) {
    const spec = isRecord(crd.spec) ? crd.spec : {};
    const names = isRecord(spec.names) ? spec.names : {};
    byPlural.set(String(names.plural), crd);
  }
  return byPlural;
}

function pick(byPlural: Map<string, KObject>, plurals: string[]): KObject[] {
  return plurals.map(plural => {
    const crd = byPlural.get(plural);
    if (!crd)
      throw new Error(
        `the v1.2.3 CRD for ${plural} is missing from ${V1_CRDS_DIR}: copy config/crd/bases/openchoreo.dev_${plural}.yaml@v1.2.3 there`,
      );
    return crd;
  });
}

/** The `openAPIV3Schema` of a CRD's first version. */
export function schemaOf(crd: KObject): Record<string, unknown> {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const version = Array.isArray(spec.versions) ? spec.versions[0] : undefined;
  const schema =
    isRecord(version) && isRecord(version.schema)
      ? version.schema.openAPIV3Schema
      : undefined;
  if (!isRecord(schema))
    throw new Error(`CRD ${crd.metadata.name} has no openAPIV3Schema`);
  return schema;
}

/**
 * The CRDs the control plane serves in `api` mode. API discovery lists exactly these, which is
 * how the portal tells the generations apart: a `v1` control plane serves no BuildPlane,
 * ComponentWorkflow or ComponentWorkflowRun. v0.9 also served generic `workflows` /
 * `workflowruns` CRDs (`crds-v0.9.0/`); the sandbox never served those, and in mixed mode the
 * names are v1.2.3's.
 */
export function controlPlaneCrds(api: ControlPlaneApi): KObject[] {
  const v1 = v1CrdsByPlural();
  if (api === 'v1')
    return pick(v1, [...TWO_GENERATION_PLURALS, ...V1_BUILD_PLURALS]);
  return [
    ...(openChoreoCrds() as unknown as KObject[]),
    ...pick(v1, V1_BUILD_PLURALS),
  ];
}

/**
 * Mixed mode only: Projects, Components and ObservabilityPlanes in {@link V1_ORG} are served as
 * v1.2.3's CRDs declare them (validated against their schemas, printed with their columns, so
 * `kubectl get components -n nova` shows `.spec.componentType.name`), the other organizations'
 * as v0.9's. A real cluster serves one CRD per kind, so it runs one generation; `--api v1` is
 * the faithful v1 control plane.
 */
export function serveV1CrdsInV1Org(control: Cluster): void {
  const v1 = v1CrdsByPlural();
  for (const crd of pick(v1, TWO_GENERATION_PLURALS))
    control.serveCrdInNamespace(V1_ORG, crd);
}

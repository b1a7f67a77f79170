import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { isRecord, KObject } from '../apiserver/types';
import { REFERENCE_DIR } from '../reference';

/**
 * OpenChoreo v1.2.3's getting-started samples, vendored unchanged in
 * `fixtures/reference/openchoreo/samples-v1.2.3/` (from `samples/getting-started/…@v1.2.3`,
 * provenance in `fixtures/NOTICE.md`): what `samples/getting-started/all.yaml` installs for builds.
 */
export const V1_SAMPLES_DIR = join(
  REFERENCE_DIR,
  'openchoreo',
  'samples-v1.2.3',
);

/** `ci-workflows/*.yaml`: ClusterWorkflows on the control plane. */
export const V1_CLUSTER_WORKFLOWS = [
  'dockerfile-builder',
  'paketo-buildpacks-builder',
] as const;

/** `workflow-templates/*.yaml`: the Argo ClusterWorkflowTemplates those ClusterWorkflows reference. */
export const V1_WORKFLOW_TEMPLATES = [
  'checkout-source',
  'containerfile-build',
  'paketo-buildpacks-build',
  'publish-image',
  'generate-workload',
] as const;

/** `component-types/*.yaml`: ClusterComponentTypes `service` and `web-application` with `allowedWorkflows`. */
export const V1_COMPONENT_TYPES = ['service', 'webapp'] as const;

/** One vendored sample object, read as it is. */
export function readV1Sample(
  folder: 'ci-workflows' | 'workflow-templates' | 'component-types',
  name: string,
): KObject {
  const file = join(V1_SAMPLES_DIR, folder, `${name}.yaml`);
  const parsed: unknown = YAML.parse(readFileSync(file, 'utf8'));
  if (!isRecord(parsed) || !isRecord(parsed.metadata))
    throw new Error(
      `${file} is not one Kubernetes object: copy it again from samples/getting-started/${folder}/${name}.yaml@v1.2.3`,
    );
  return parsed as KObject;
}

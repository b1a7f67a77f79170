import fs from 'node:fs';
import path from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import { strictCrdValidator, type CrdSchema } from '@openchoreo-build/sandbox';
import type { KubernetesObject } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * The vendored upstream CRDs (`fixtures/reference/openchoreo/` at the repository root; provenance
 * in `fixtures/NOTICE.md`).
 */
// Tests only: resolved from this source file, which is never part of a production build.
// eslint-disable-next-line no-restricted-syntax
export const OPENCHOREO_REFERENCE_DIR = path.resolve(
  __dirname,
  '../../../../fixtures/reference/openchoreo',
);

interface CrdDocument {
  spec: { versions: Array<{ schema: { openAPIV3Schema: CrdSchema } }> };
}

/** e.g. `crdPath('crds-v1.2.3', 'components')`. */
export function crdPath(generation: string, plural: string): string {
  return path.join(
    OPENCHOREO_REFERENCE_DIR,
    generation,
    `openchoreo.dev_${plural}.yaml`,
  );
}

/**
 * A strict check against a real CRD: the problems a real API server would have with the object
 * (unknown fields included), none when it conforms.
 */
export function crdValidator(
  generation: string,
  plural: string,
): (object: KubernetesObject) => string[] {
  const [crd] = loadAllYaml(
    fs.readFileSync(crdPath(generation, plural), 'utf8'),
  ).filter(Boolean) as CrdDocument[];
  const validate = strictCrdValidator(
    crd.spec.versions[0].schema.openAPIV3Schema,
  );
  return object => validate(object as Parameters<typeof validate>[0]);
}

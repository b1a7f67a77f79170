import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { Cluster } from '../apiserver/cluster';
import { KObject } from '../apiserver/types';
import { REFERENCE, startHarness } from '../__testUtils__/harness';
import { SEED_CATALOG } from './catalog';

/**
 * Strict structural check: fields a real CRD does not declare would be pruned
 * by a real API server, so they count as errors here.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && typeof v === 'object' && v) {
      out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, strict(pv)]));
    } else if (k !== 'x-kubernetes-validations') {
      out[k] = strict(v);
    }
  }
  if (out.properties && out['x-kubernetes-preserve-unknown-fields'] !== true && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function validator(file: string) {
  const crd = YAML.parse(readFileSync(join(REFERENCE, 'openchoreo', file), 'utf8'));
  const schema = strict(crd.spec.versions[0].schema.openAPIV3Schema) as Record<string, any>;
  schema.properties.metadata = { type: 'object' };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(schema);
  return (obj: KObject) => {
    const ok = validate(obj as unknown);
    return ok ? [] : (validate.errors ?? []).map(e => `${obj.metadata.namespace}/${obj.metadata.name} ${e.instancePath} ${e.message}`);
  };
}

describe('seed', () => {
  it('is valid against the real CRDs of the generations it imitates', async () => {
    const h = await startHarness({ seed: true });
    try {
      const control: Cluster = h.sandbox.controlPlane;
      const errors: string[] = [];
      const planeCrd: Record<string, string> = {
        default: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.7.0.yaml',
        acme: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.3.0.yaml',
        platform: 'crds-v0.9.0/openchoreo.dev_buildplanes.yaml',
      };
      const planes = control.list('openchoreo.dev/v1alpha1', 'buildplanes');
      expect(planes.map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort()).toEqual(
        SEED_CATALOG.map(o => `${o.org}/${o.buildPlane}`).sort(),
      );
      for (const plane of planes) errors.push(...validator(planeCrd[plane.metadata.namespace!])(plane));
      const checks: Array<[string, string]> = [
        ['componentworkflows', 'crds-v0.9.0/openchoreo.dev_componentworkflows.yaml'],
        ['componentworkflowruns', 'crds-v0.9.0/openchoreo.dev_componentworkflowruns.yaml'],
        ['components', 'crds-v0.9.0/openchoreo.dev_components.yaml'],
      ];
      for (const [plural, file] of checks) {
        const validate = validator(file);
        const items = control.list('openchoreo.dev/v1alpha1', plural);
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) errors.push(...validate(item));
      }
      expect(errors).toEqual([]);

      const runs = control.list('openchoreo.dev/v1alpha1', 'componentworkflowruns');
      for (const org of SEED_CATALOG) {
        for (const c of org.components) {
          const mine = runs.filter(r => r.metadata.namespace === org.org && (r.spec as any).owner.componentName === c.name);
          expect(mine.length).toBe(4);
          for (const r of mine) expect(r.metadata.name).toMatch(new RegExp(`^${c.name}-workflow-[0-9a-f]{8}$`));
          const reasons = mine.map(r => ((r.status as any)?.conditions ?? []).find((x: any) => x.type === 'WorkflowCompleted')?.reason);
          expect(reasons).toEqual(expect.arrayContaining(['WorkflowSucceeded', 'WorkflowFailed']));
        }
      }
      const workflows = control.list('openchoreo.dev/v1alpha1', 'componentworkflows').map(w => `${w.metadata.namespace}/${w.metadata.name}`);
      for (const org of SEED_CATALOG) {
        for (const name of ['docker', 'google-cloud-buildpacks', 'react', 'docker-gitops-release', 'google-cloud-buildpacks-gitops-release', 'react-gitops-release']) {
          expect(workflows).toContain(`${org.org}/${name}`);
        }
      }
      const es = h.sandbox.buildPlane.list('external-secrets.io/v1', 'externalsecrets', 'openchoreo-ci-acme');
      expect(es.map(e => [e.metadata.name, (e.status as any).conditions[0].status])).toEqual(
        expect.arrayContaining([
          ['npm-registry-token', 'True'],
          ['registry-push-secret', 'False'],
        ]),
      );
    } finally {
      await h.close();
    }
  });
});

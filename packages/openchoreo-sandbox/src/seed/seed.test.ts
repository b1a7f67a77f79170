import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import { Cluster } from '../apiserver/cluster';
import { getPath } from '../apiserver/types';
import { readConditions } from '../controller/conditions';
import { CrdSchema, strictCrdValidator } from '../crds/strictValidator';
import { REFERENCE, startHarness } from '../__testUtils__/harness';
import { OWNER_LABEL, SEED_CATALOG } from './catalog';

type JsonSchema = CrdSchema;

function readCrdSchema(file: string): JsonSchema {
  const crd: {
    spec: { versions: Array<{ schema: { openAPIV3Schema: JsonSchema } }> };
  } = YAML.parse(readFileSync(join(REFERENCE, 'openchoreo', file), 'utf8'));
  return crd.spec.versions[0].schema.openAPIV3Schema;
}

/** `properties` of the schema's `spec`. */
function specProperties(schema: JsonSchema): Record<string, JsonSchema> {
  const properties = schema.properties?.spec?.properties;
  if (!properties) throw new Error('the schema declares no spec properties');
  return properties;
}

/**
 * The v0.10 Component: no v0.10 CRD is among the references, so it is the real v0.9.0 Component
 * schema (componentType string, workflow.systemParameters — unchanged in v0.10) plus `spec.autoBuild`
 * exactly as the real v1.2.3 CRD declares it (v1 also reshaped componentType and workflow, so
 * v1.2.3 alone would reject every v0.x component).
 */
function componentV010Schema(): JsonSchema {
  const v09 = readCrdSchema('crds-v0.9.0/openchoreo.dev_components.yaml');
  const v123 = readCrdSchema('crds-v1.2.3/openchoreo.dev_components.yaml');
  const autoBuild = specProperties(v123).autoBuild;
  expect(autoBuild).toMatchObject({ type: 'boolean' });
  expect(specProperties(v09).autoBuild).toBeUndefined();
  specProperties(v09).autoBuild = autoBuild;
  return v09;
}

function validator(fileOrSchema: string | JsonSchema) {
  return strictCrdValidator(
    typeof fileOrSchema === 'string'
      ? readCrdSchema(fileOrSchema)
      : fileOrSchema,
  );
}

/** The v0.9-era organizations; nova (v1.2.3) is checked by nova.test.ts. */
const V09_ORGS = SEED_CATALOG.filter(o => o.generation === 'v0.9');
const notNova = (o: { metadata: { namespace?: string } }) =>
  o.metadata.namespace !== 'nova';

describe('seed', () => {
  it('is valid against the real CRDs of the generations it imitates', async () => {
    const h = await startHarness({ seed: true });
    try {
      const control: Cluster = h.sandbox.controlPlane;
      const errors: string[] = [];
      const planeCrd: Record<string, string> = {
        default:
          'buildplane-crd-history/openchoreo.dev_buildplanes-v0.7.0.yaml',
        acme: 'buildplane-crd-history/openchoreo.dev_buildplanes-v0.3.0.yaml',
        platform: 'crds-v0.9.0/openchoreo.dev_buildplanes.yaml',
      };
      const planes = control.list('openchoreo.dev/v1alpha1', 'buildplanes');
      expect(
        planes.map(p => `${p.metadata.namespace}/${p.metadata.name}`).sort(),
      ).toEqual(V09_ORGS.map(o => `${o.org}/${o.buildPlane}`).sort());
      for (const plane of planes)
        errors.push(...validator(planeCrd[plane.metadata.namespace!])(plane));
      const checks: Array<[string, string]> = [
        [
          'componentworkflows',
          'crds-v0.9.0/openchoreo.dev_componentworkflows.yaml',
        ],
        [
          'componentworkflowruns',
          'crds-v0.9.0/openchoreo.dev_componentworkflowruns.yaml',
        ],
        [
          'observabilityplanes',
          'crds-v0.9.0/openchoreo.dev_observabilityplanes.yaml',
        ],
        // Applied by the controller for the succeeded history (controller.go@v0.9.0:449).
        ['workloads', 'crds-v0.9.0/openchoreo.dev_workloads.yaml'],
      ];
      for (const [plural, file] of checks) {
        const validate = validator(file);
        const items = control
          .list('openchoreo.dev/v1alpha1', plural)
          .filter(notNova);
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) errors.push(...validate(item));
      }
      // Components without spec.autoBuild imitate v0.9 (the real v0.9.0 CRD); those with it v0.10+.
      const components = control.list('openchoreo.dev/v1alpha1', 'components');
      const v09 = validator('crds-v0.9.0/openchoreo.dev_components.yaml');
      const v010 = validator(componentV010Schema());
      for (const c of components.filter(notNova))
        errors.push(...('autoBuild' in (c.spec as object) ? v010(c) : v09(c)));
      expect(errors).toEqual([]);
      // Owners for the catalog entity provider: each Project and Component names its demo group.
      const projects = control.list('openchoreo.dev/v1alpha1', 'projects');
      const ownerOf = (o: { metadata: { labels?: Record<string, string> } }) =>
        o.metadata.labels?.[OWNER_LABEL];
      for (const org of SEED_CATALOG) {
        const inOrg = [...projects, ...components].filter(
          o => o.metadata.namespace === org.org,
        );
        expect(inOrg.length).toBe(1 + org.components.length);
        expect(inOrg.map(ownerOf)).toEqual(inOrg.map(() => org.owner));
      }
      expect(new Set(SEED_CATALOG.map(o => o.owner))).toEqual(
        new Set(['app-developers', 'platform-team']),
      );
      // Each organization has an ObservabilityPlane pointing at the sandbox observer; the v0.8+
      // BuildPlanes name it (component_service.go@v0.9.0, GetBuildObserverURL, follows the ref).
      const observability = control.list(
        'openchoreo.dev/v1alpha1',
        'observabilityplanes',
      );
      expect(
        observability.map(o => [
          o.metadata.namespace,
          getPath(o, 'spec.observerURL'),
        ]),
      ).toEqual(
        expect.arrayContaining(
          SEED_CATALOG.map(o => [o.org, h.sandbox.endpoints.observer.url]),
        ),
      );
      for (const plane of planes) {
        const ref = getPath(plane, 'spec.observabilityPlaneRef');
        if (ref === undefined) continue;
        expect(
          observability.map(o => `${o.metadata.namespace}/${o.metadata.name}`),
        ).toContain(`${plane.metadata.namespace}/${ref}`);
      }
      expect(
        planes.filter(p => getPath(p, 'spec.observabilityPlaneRef')),
      ).toHaveLength(1);
      // The v0.9 CRD alone really rejects autoBuild (the check above is not vacuous).
      const withAutoBuild = components
        .filter(notNova)
        .filter(c => 'autoBuild' in (c.spec as object));
      expect(withAutoBuild.flatMap(v09).join('\n')).toMatch(
        /must NOT have additional properties/,
      );
      const autoBuild = Object.fromEntries(
        components.map(c => [
          `${c.metadata.namespace}/${c.metadata.name}`,
          getPath(c, 'spec.autoBuild'),
        ]),
      );
      expect(autoBuild).toMatchObject({
        'default/greeter-service': true,
        'default/reading-list-service': false,
        'acme/react-starter': true,
      });
      expect(autoBuild['platform/greeter-service']).toBeUndefined();
      for (const org of SEED_CATALOG) {
        for (const c of org.components)
          expect(autoBuild[`${org.org}/${c.name}`]).toBe(c.autoBuild);
      }

      const runs = control.list(
        'openchoreo.dev/v1alpha1',
        'componentworkflowruns',
      );
      for (const org of V09_ORGS) {
        for (const c of org.components) {
          const mine = runs.filter(
            r =>
              r.metadata.namespace === org.org &&
              getPath(r, 'spec.owner.componentName') === c.name,
          );
          expect(mine.length).toBe(4);
          for (const r of mine)
            expect(r.metadata.name).toMatch(
              new RegExp(`^${c.name}-workflow-[0-9a-f]{8}$`),
            );
          const reasons = mine.map(
            r =>
              readConditions(r.status).find(x => x.type === 'WorkflowCompleted')
                ?.reason,
          );
          expect(reasons).toEqual(
            expect.arrayContaining(['WorkflowSucceeded', 'WorkflowFailed']),
          );
        }
      }
      const workflows = control
        .list('openchoreo.dev/v1alpha1', 'componentworkflows')
        .map(w => `${w.metadata.namespace}/${w.metadata.name}`);
      for (const org of V09_ORGS) {
        for (const name of [
          'docker',
          'google-cloud-buildpacks',
          'react',
          'docker-gitops-release',
          'google-cloud-buildpacks-gitops-release',
          'react-gitops-release',
        ]) {
          expect(workflows).toContain(`${org.org}/${name}`);
        }
      }
      // The GitOps workflows are the v0.12.0 samples, unchanged but for the organization, with
      // their ClusterWorkflowTemplates on the build plane (gitopsTemplates.test.ts compares those).
      for (const flavour of ['docker', 'google-cloud-buildpacks', 'react']) {
        const name = `${flavour}-gitops-release`;
        const sample = YAML.parse(
          readFileSync(
            join(
              REFERENCE,
              'openchoreo/samples-v0.12.0-gitops/component-workflows/build-and-release',
              flavour,
              `${name}.yaml`,
            ),
            'utf8',
          ),
        );
        for (const org of V09_ORGS) {
          const seeded = control.get(
            'openchoreo.dev/v1alpha1',
            'componentworkflows',
            org.org,
            name,
          );
          expect(seeded?.spec).toEqual(sample.spec);
          expect(seeded?.metadata.annotations).toEqual(
            sample.metadata.annotations,
          );
        }
        expect(
          h.sandbox.buildPlane.get(
            'argoproj.io/v1alpha1',
            'clusterworkflowtemplates',
            undefined,
            name,
          )?.metadata.name,
        ).toBe(name);
      }
      const webhookSecret = control.get(
        'v1',
        'secrets',
        'openchoreo-control-plane',
        'git-webhook-secrets',
      );
      const data = (webhookSecret?.data ?? {}) as Record<string, string>;
      const decoded = Object.fromEntries(
        Object.entries(data).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString('utf8'),
        ]),
      );
      const { githubSecret, gitlabSecret, bitbucketSecret } =
        h.sandbox.endpoints.webhooks;
      expect(decoded).toEqual({
        'github-secret': githubSecret,
        'gitlab-secret': gitlabSecret,
        'bitbucket-secret': bitbucketSecret,
      });
      const written = JSON.parse(
        readFileSync(
          join(
            dirname(h.sandbox.endpoints.controlPlane.kubeconfigPath),
            'endpoints.json',
          ),
          'utf8',
        ),
      );
      expect(written.webhooks).toEqual(h.sandbox.endpoints.webhooks);
      expect(written.observer).toEqual(h.sandbox.endpoints.observer);
      const es = h.sandbox.buildPlane.list(
        'external-secrets.io/v1',
        'externalsecrets',
        'openchoreo-ci-acme',
      );
      expect(
        es.map(e => [e.metadata.name, readConditions(e.status)[0]?.status]),
      ).toEqual(
        expect.arrayContaining([
          ['npm-registry-token', 'True'],
          ['registry-push-secret', 'False'],
        ]),
      );
      // Both synced through the chart's fake ClusterSecretStore `default`, which holds the guide's
      // keys but not the one acme's docker workflow asks for (ESO's message does not name it).
      expect(
        readConditions(
          es.find(e => e.metadata.name === 'registry-push-secret')?.status,
        )[0]?.message,
      ).toBe('could not get secret data from provider');
      const store = h.sandbox.buildPlane.get(
        'external-secrets.io/v1',
        'clustersecretstores',
        undefined,
        'default',
      );
      expect(
        getPath(store, 'spec.provider.fake.data') as Array<{ key: string }>,
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'git-token' }),
          expect.objectContaining({ key: 'gitops-token' }),
          expect.objectContaining({ key: 'npm-token' }),
        ]),
      );
      expect(JSON.stringify(store?.spec)).not.toContain(
        'acme-registry-password',
      );
      expect(readConditions(store?.status)[0]).toMatchObject({
        type: 'Ready',
        status: 'True',
      });
      expect(
        h.sandbox.buildPlane.get(
          'v1',
          'namespaces',
          undefined,
          'sandbox-secret-store',
        ),
      ).toBeUndefined();
    } finally {
      await h.close();
    }
  });
});

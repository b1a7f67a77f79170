import { join } from 'node:path';
import {
  Harness,
  pem,
  rawRequest,
  REFERENCE,
  startHarness,
} from '../__testUtils__/harness';
import type { KObject } from '../apiserver/types';
import { readCrds } from '../crds/readCrds';
import { strictCrdValidator } from '../crds/strictValidator';
import { schemaOf } from '../crds/v1';
import { SEED_CATALOG } from './catalog';
import { NOVA_PLANE_IDS } from './nova';

/**
 * The v1.2.3 API surface of the sandbox: what each mode serves (API discovery is how the portal
 * tells the generations apart), the `nova` seed checked against the real v1.2.3 CRDs, and the
 * v1 gateway path.
 */

const OC = 'openchoreo.dev/v1alpha1';
const V0_KINDS = ['buildplanes', 'componentworkflows', 'componentworkflowruns'];
const V1_KINDS = [
  'workflowplanes',
  'clusterworkflowplanes',
  'workflows',
  'clusterworkflows',
  'workflowruns',
  'componenttypes',
  'clustercomponenttypes',
];

const realCrds = new Map(
  readCrds(join(REFERENCE, 'openchoreo', 'crds-v1.2.3')).map(crd => [
    (crd.spec as { names: { plural: string } }).names.plural,
    crd,
  ]),
);

/** The names `/apis/openchoreo.dev/v1alpha1` lists, as the portal reads them. */
async function discovered(h: Harness): Promise<string[]> {
  const cp = h.sandbox.endpoints.controlPlane;
  const res = await rawRequest(`${cp.url}/apis/openchoreo.dev/v1alpha1`, {
    headers: { Authorization: `Bearer ${cp.token}` },
  });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body).resources as Array<{ name: string }>)
    .map(r => r.name)
    .filter(name => !name.includes('/'));
}

function expectValidAgainstRealCrd(plural: string, objects: KObject[]): void {
  const validate = strictCrdValidator(schemaOf(realCrds.get(plural)!));
  expect(objects.length).toBeGreaterThan(0);
  expect(objects.flatMap(validate)).toEqual([]);
}

describe('mixed control plane (default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: true });
  });
  afterAll(() => h.close());

  it('lists the v0.9 and the v1.2.3 build kinds in discovery', async () => {
    const names = await discovered(h);
    expect(names).toEqual(expect.arrayContaining([...V0_KINDS, ...V1_KINDS]));
  });

  it('seeds nova with objects the real v1.2.3 CRDs accept', () => {
    const list = (plural: string, ns?: string) =>
      h.sandbox.controlPlane.list(OC, plural, ns);
    for (const plural of [
      'projects',
      'components',
      'workflowruns',
      'workflows',
    ])
      expectValidAgainstRealCrd(plural, list(plural, 'nova'));
    for (const plural of [
      'workflowplanes',
      'clusterworkflowplanes',
      'clusterworkflows',
      'componenttypes',
      'clustercomponenttypes',
    ])
      expectValidAgainstRealCrd(plural, list(plural));
    const nova = SEED_CATALOG.find(o => o.org === 'nova')!;
    expect(
      list('components', 'nova')
        .map(c => c.metadata.name)
        .sort(),
    ).toEqual(nova.components.map(c => c.name).sort());
  });

  it("gives nova's planes the CA as a PEM with \\n line endings, as Go's pem.Encode writes it", () => {
    const planes = [
      ...h.sandbox.controlPlane.list(OC, 'workflowplanes', 'nova'),
      ...h.sandbox.controlPlane.list(OC, 'clusterworkflowplanes'),
    ];
    expect(planes.length).toBeGreaterThan(0);
    for (const plane of planes) {
      const { value } = (
        plane.spec as { clusterAgent: { clientCA: { value: string } } }
      ).clusterAgent.clientCA;
      expect(value).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
      expect(value).not.toContain('\r');
    }
  });

  it('validates Components in nova against v1.2.3 and elsewhere against v0.9', () => {
    const v1Shape = {
      apiVersion: OC,
      kind: 'Component',
      metadata: { name: 'shape-check', namespace: 'nova' },
      spec: {
        owner: { projectName: 'storefront' },
        componentType: 'deployment/service',
      },
    };
    // v0.9's string componentType is no v1.2.3 Component.
    expect(() => h.sandbox.controlPlane.create(v1Shape, 'components')).toThrow(
      /spec\.componentType/,
    );
    expect(
      h.sandbox.controlPlane.create(
        { ...v1Shape, metadata: { name: 'shape-check', namespace: 'default' } },
        'components',
      ).spec,
    ).toMatchObject({ componentType: 'deployment/service' });
  });

  it('keeps a history of finished nova runs with tasks and times, and their logs in the archive', () => {
    const runs = h.sandbox.controlPlane.list(OC, 'workflowruns', 'nova');
    const reasons = runs.map(
      r =>
        (
          r.status as { conditions: Array<{ type: string; reason: string }> }
        ).conditions.find(c => c.type === 'WorkflowCompleted')?.reason,
    );
    expect(new Set(reasons)).toEqual(
      new Set(['WorkflowSucceeded', 'WorkflowFailed']),
    );
    for (const run of runs) {
      const status = run.status as {
        tasks: Array<{ name: string; phase: string }>;
        startedAt: string;
        completedAt: string;
      };
      expect(status.tasks[0].name).toBe('checkout-source');
      expect(Date.parse(status.completedAt)).toBeGreaterThan(
        Date.parse(status.startedAt),
      );
      const archived = [...h.sandbox.buildPlane.logs.all()].filter(
        c =>
          c.namespace === 'workflows-nova' && c.workflow === run.metadata.name,
      );
      expect(archived).toHaveLength(status.tasks.length);
    }
    const succeeded = runs.filter(
      r => reasons[runs.indexOf(r)] === 'WorkflowSucceeded',
    );
    expect(succeeded.length).toBeGreaterThan(0);
    for (const run of succeeded) {
      const component = run.metadata.labels!['openchoreo.dev/component'];
      const workload = run.metadata.annotations!['openchoreo.dev/workload'];
      const image = JSON.parse(workload).spec.container.image;
      expect(image).toMatch(/^ttl\.sh\/openchoreo-builds\/nova-storefront-/);
      // Seeded history carries the bytes a controller-built run gets (generate-workload.yaml@v1.2.3:128-131,
      // converter.go@v1.2.3:495-544): `<component>-workload`, no apiVersion/kind, sorted keys.
      expect(workload).toBe(
        `{"metadata":{"name":"${component}-workload","namespace":"nova"},` +
          `"spec":{"container":{"image":"${image}"},` +
          `"owner":{"componentName":"${component}","projectName":"storefront"}}}`,
      );
      expect(
        run.metadata.annotations!['openchoreo.dev/workload-from-source'],
      ).toBe('false');
    }
  });

  describe('gateway v1 path', () => {
    const PODS = 'k8s/api/v1/namespaces/workflows-nova/pods';
    const gateway = (path: string) => {
      const gw = h.sandbox.endpoints.clusterGateway;
      return rawRequest(`${gw.url}/api/proxy/workflowplane/${path}`, {
        ca: pem(gw.caData),
        cert: pem(gw.clientCertData),
        key: pem(gw.clientKeyData),
      });
    };

    it('routes the namespaced WorkflowPlane by planeID and CR', async () => {
      const res = await gateway(
        `${NOVA_PLANE_IDS.namespaced}/nova/default/${PODS}`,
      );
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).kind).toBe('PodList');
    });

    it('routes the ClusterWorkflowPlane with the _cluster placeholder', async () => {
      const res = await gateway(
        `${NOVA_PLANE_IDS.cluster}/_cluster/default/${PODS}`,
      );
      expect(res.status).toBe(200);
    });

    it('answers 403 when the agent is not authorized for the CR', async () => {
      // server.go@v1.2.3:574-584: the agent of planeID "default" serves only /default.
      const res = await gateway(
        `${NOVA_PLANE_IDS.cluster}/nova/default/${PODS}`,
      );
      expect(res.status).toBe(403);
      expect(res.body).toBe(
        'Forbidden: Agent not authorized for CR nova/default\n',
      );
    });

    it('answers 502 when no agent serves the planeID', async () => {
      const res = await gateway(`nowhere/_cluster/nowhere/${PODS}`);
      expect(res.status).toBe(502);
      expect(res.body).toBe(
        'proxy request failed: no agents found for plane workflowplane/nowhere\n',
      );
    });
  });
});

describe('--api v1', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ seed: true, api: 'v1' });
  });
  afterAll(() => h.close());

  it('serves the v1.2.3 kinds and no v0 kinds', async () => {
    const names = await discovered(h);
    expect(names).toEqual(
      expect.arrayContaining([...V1_KINDS, 'components', 'projects']),
    );
    for (const kind of V0_KINDS) expect(names).not.toContain(kind);
    const cp = h.sandbox.endpoints.controlPlane;
    const res = await rawRequest(
      `${cp.url}/apis/openchoreo.dev/v1alpha1/buildplanes`,
      { headers: { Authorization: `Bearer ${cp.token}` } },
    );
    expect(res.status).toBe(404);
  });

  it('seeds nova only, with the real v1.2.3 Component CRD', () => {
    const components = h.sandbox.controlPlane.list(OC, 'components');
    expect(new Set(components.map(c => c.metadata.namespace))).toEqual(
      new Set(['nova']),
    );
    expectValidAgainstRealCrd('components', components);
  });
});

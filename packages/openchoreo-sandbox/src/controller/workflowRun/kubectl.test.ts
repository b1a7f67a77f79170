import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { Cluster } from '../../apiserver/cluster';
import type { KObject } from '../../apiserver/types';
import {
  Harness,
  rawRequest,
  REFERENCE,
  startHarness,
} from '../../__testUtils__/harness';
import { watchUntil } from '../../__testUtils__/watchUntil';
import { SEED_CATALOG } from '../../seed/catalog';
import { WORKFLOW_API } from '../argo/runner';
import { readConditions } from '../conditions';
import { workflowsNamespace } from '.';

jest.setTimeout(60000);

const OC = 'openchoreo.dev/v1alpha1';
const NS = 'nova';
const RUNS = `/apis/${OC}/namespaces/${NS}/workflowruns`;
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const CRDS = join(REFERENCE, 'openchoreo', 'crds-v1.2.3');

interface Table {
  columnDefinitions: Array<{ name: string }>;
  rows: Array<{ cells: unknown[] }>;
}

/**
 * The column names kubectl prints for a type, as its real v1.2.3 CRD declares them: Name, the
 * `additionalPrinterColumns` (Age last, as the API server's table converter puts it), or Name and
 * Age when it declares none (`openchoreo.dev_workflowruns.yaml@v1.2.3` declares none).
 */
function crdColumns(plural: string): string[] {
  const crd = YAML.parse(
    readFileSync(join(CRDS, `openchoreo.dev_${plural}.yaml`), 'utf8'),
  ) as {
    spec: {
      versions: Array<{
        additionalPrinterColumns?: Array<{ name: string; jsonPath: string }>;
      }>;
    };
  };
  const declared = crd.spec.versions[0].additionalPrinterColumns ?? [];
  return [
    'Name',
    ...declared
      .filter(c => c.jsonPath !== '.metadata.creationTimestamp')
      .map(c => c.name),
    'Age',
  ];
}

/**
 * The upstream sample `config/samples/openchoreo_v1alpha1_workflowrun.yaml@v1.2.3` (its metadata;
 * its spec is a TODO) adapted to nova: the component labels of `storefront/greeting-service` and
 * the `dockerfile-builder` ClusterWorkflow its ComponentType allows, with the sample repository.
 */
function sampleRun(name: string): KObject {
  return {
    apiVersion: OC,
    kind: 'WorkflowRun',
    metadata: {
      name,
      namespace: NS,
      labels: {
        'app.kubernetes.io/name': 'openchoreo',
        'app.kubernetes.io/managed-by': 'kustomize',
        'openchoreo.dev/project': 'storefront',
        'openchoreo.dev/component': 'greeting-service',
      },
    },
    spec: {
      workflow: {
        kind: 'ClusterWorkflow',
        name: 'dockerfile-builder',
        parameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: { branch: 'main' },
            appPath: '/service-go-greeter',
          },
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
        },
      },
    },
  };
}

/*
 * kubectl on the v1.2.3 organization `nova`, request by request as kubectl v1.32.4 sends them
 * (captured with `-v=6` against `yarn sandbox`): `get` asks for a server-side Table, `describe`
 * reads the object and its Events, `apply` (client-side) reads, then creates with
 * `fieldManager=kubectl-client-side-apply&fieldValidation=Strict`, `wait` and `get -w` list with a
 * name fieldSelector and watch from that resourceVersion, `delete` deletes and waits the same way.
 * `scripts/kubectl-docs.sh` (section nova) runs the same commands with the real kubectl in CI.
 */
describe('kubectl on the v1.2.3 organization nova', () => {
  let h: Harness;
  let control: Cluster;

  beforeAll(async () => {
    h = await startHarness({ seed: true });
    control = h.sandbox.controlPlane;
  });
  afterAll(() => h.close());

  async function call(
    method: string,
    path: string,
    options: { accept?: string; body?: unknown } = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const text =
      options.body === undefined ? undefined : JSON.stringify(options.body);
    const { url, token } = h.sandbox.endpoints.controlPlane;
    const res = await rawRequest(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: options.accept ?? 'application/json',
        ...(text
          ? {
              'Content-Type': 'application/json',
              'Content-Length': String(Buffer.byteLength(text)),
            }
          : {}),
      },
      body: text,
    });
    return { status: res.status, json: JSON.parse(res.body) };
  }

  /** `kubectl get <plural> [-n nova]`: the Table's column names and the first cell of each row. */
  async function kubectlGet(path: string) {
    const { status, json } = await call('GET', path, { accept: TABLE });
    expect(status).toBe(200);
    const table = json as unknown as Table;
    return {
      columns: table.columnDefinitions.map(c => c.name),
      names: table.rows.map(r => r.cells[0]),
    };
  }

  /** The list `kubectl wait`, `get -w` and `delete` start with: the run by a name fieldSelector. */
  async function listNamed(name: string) {
    const selector = encodeURIComponent(`metadata.name=${name}`);
    const { json } = await call(
      'GET',
      `${RUNS}?fieldSelector=${selector}&limit=500&resourceVersion=0`,
    );
    return {
      items: json.items as KObject[],
      resourceVersion: (json.metadata as { resourceVersion: string })
        .resourceVersion,
    };
  }

  const completed = (run: KObject | undefined) =>
    readConditions(run?.status).some(
      c => c.type === 'WorkflowCompleted' && c.status === 'True',
    );

  it('get workflowruns -n nova: the columns the v1.2.3 CRD declares, one row per seeded run', async () => {
    const seeded = control
      .list(OC, 'workflowruns', NS)
      .map(r => r.metadata.name);
    expect(seeded.length).toBeGreaterThan(0);
    const { columns, names } = await kubectlGet(RUNS);
    expect(columns).toEqual(crdColumns('workflowruns'));
    expect(columns).toEqual(['Name', 'Age']);
    expect(names.sort()).toEqual(seeded.sort());
  });

  it('get clusterworkflows, workflowplanes -n nova, clusterworkflowplanes: the seeded objects', async () => {
    expect(await kubectlGet(`/apis/${OC}/clusterworkflows`)).toEqual({
      columns: crdColumns('clusterworkflows'),
      names: ['dockerfile-builder', 'paketo-buildpacks-builder'],
    });
    expect(
      await kubectlGet(`/apis/${OC}/namespaces/${NS}/workflowplanes`),
    ).toEqual({ columns: crdColumns('workflowplanes'), names: ['default'] });
    expect(await kubectlGet(`/apis/${OC}/clusterworkflowplanes`)).toEqual({
      columns: crdColumns('clusterworkflowplanes'),
      names: ['default'],
    });
  });

  const byName = (a: unknown[], b: unknown[]) =>
    String(a[0]).localeCompare(String(b[0]));

  /** `kubectl get <path>` with the cells of each row (Age left out: it depends on the clock). */
  async function kubectlRows(path: string) {
    const { status, json } = await call('GET', path, { accept: TABLE });
    expect(status).toBe(200);
    const table = json as unknown as Table;
    return {
      columns: table.columnDefinitions.map(c => c.name),
      rows: table.rows.map(r => r.cells.slice(0, -1)),
    };
  }

  it('get components -n nova: the v1.2.3 CRD columns, ComponentType from .spec.componentType.name', async () => {
    // openchoreo.dev_components.yaml@v1.2.3 declares Project (.spec.owner.projectName) and
    // ComponentType (.spec.componentType.name); v0.9's printed the whole .spec.componentType.
    const components = `/apis/${OC}/namespaces/${NS}/components`;
    const nova = SEED_CATALOG.find(o => o.org === NS)!;
    const expected = {
      columns: crdColumns('components'),
      rows: nova.components
        .map(c => [c.name, nova.project, c.componentType])
        .sort(byName),
    };
    expect(expected.columns).toEqual([
      'Name',
      'Project',
      'ComponentType',
      'Age',
    ]);
    const listed = await kubectlRows(components);
    expect({
      ...listed,
      rows: listed.rows.sort(byName),
    }).toEqual(expected);
    const [first] = expected.rows;
    expect(await kubectlRows(`${components}/${first[0]}`)).toEqual({
      columns: expected.columns,
      rows: [first],
    });
    // v1.2.3's Project declares no columns; v0.9's declared Pipeline.
    expect(
      (await kubectlRows(`/apis/${OC}/namespaces/${NS}/projects`)).columns,
    ).toEqual(['Name', 'Age']);
  });

  it("get components -A: every row prints its own generation's ComponentType as text", async () => {
    const { columns, rows } = await kubectlRows(`/apis/${OC}/components`);
    expect(columns).toEqual(['Name', 'Project', 'ComponentType', 'Age']);
    const nova = control.list(OC, 'components', NS).length;
    const others = control.list(OC, 'components').length - nova;
    expect(nova).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(0);
    expect(rows).toHaveLength(nova + others);
    for (const [, , componentType] of rows)
      expect(componentType).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    // The other organizations keep v0.9's columns (`.spec.componentType`, a string there).
    expect(
      (await kubectlRows(`/apis/${OC}/namespaces/default/projects`)).columns,
    ).toEqual(['Name', 'Pipeline', 'Age']);
  });

  it('describe workflowrun: the run, then its Events by involvedObject', async () => {
    const [run] = control.list(OC, 'workflowruns', NS);
    const got = await call('GET', `${RUNS}/${run.metadata.name}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ kind: 'WorkflowRun', spec: run.spec });
    const selector = [
      `involvedObject.uid=${run.metadata.uid}`,
      `involvedObject.name=${run.metadata.name}`,
      `involvedObject.namespace=${NS}`,
      'involvedObject.kind=WorkflowRun',
    ].join(',');
    const events = await call(
      'GET',
      `/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(
        selector,
      )}&limit=500`,
    );
    expect(events.status).toBe(200);
    expect(events.json).toMatchObject({ kind: 'EventList', items: [] });
  });

  it('apply -f the sample run, wait --for=condition=WorkflowCompleted, get -w, delete', async () => {
    const name = 'workflowrun-sample';
    const path = `${RUNS}/${name}`;
    // kubectl apply: not there yet, so a create carrying the last-applied configuration.
    expect((await call('GET', path)).status).toBe(404);
    const manifest = sampleRun(name);
    const lastApplied = JSON.stringify(manifest);
    const created = await call(
      'POST',
      `${RUNS}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`,
      {
        body: {
          ...manifest,
          metadata: {
            ...manifest.metadata,
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration': lastApplied,
            },
          },
        },
      },
    );
    expect(created.status).toBe(201);

    // kubectl wait / get -w: a list narrowed to the run, then a watch from its resourceVersion.
    const listed = await listNamed(name);
    expect(listed.items.map(r => r.metadata.name)).toEqual([name]);
    const events = await watchUntil(
      h.control,
      RUNS,
      {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: listed.resourceVersion,
        allowWatchBookmarks: true,
      },
      seen => seen.some(e => completed(e.object)),
    );
    expect(events.every(e => e.object.metadata.name === name)).toBe(true);
    const done = events[events.length - 1].object;
    expect(
      readConditions(done.status).find(c => c.type === 'WorkflowSucceeded'),
    ).toMatchObject({ status: 'True', reason: 'WorkflowSucceeded' });
    expect(done.status).toMatchObject({
      runReference: {
        kind: 'Workflow',
        name,
        namespace: workflowsNamespace(NS),
      },
      tasks: [
        { name: 'checkout-source', phase: 'Succeeded' },
        { name: 'build-image', phase: 'Succeeded' },
        { name: 'publish-image', phase: 'Succeeded' },
        { name: 'generate-workload-cr', phase: 'Succeeded' },
      ],
    });
    // The ClusterWorkflow's TTL, copied onto the run (scaled: a fast sandbox); kubectl's annotation kept.
    expect(done.spec).toMatchObject({ ttlAfterCompletion: '20s' });
    expect(
      done.metadata.annotations?.[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toBe(lastApplied);
    const row = await kubectlGet(
      `${RUNS}?fieldSelector=${encodeURIComponent(`metadata.name=${name}`)}`,
    );
    expect(row.names).toEqual([name]);

    // kubectl delete: the finalizer cleans the workflow plane up, then the run goes.
    const argo = h.sandbox.buildPlane;
    expect(
      argo.get(WORKFLOW_API, 'workflows', workflowsNamespace(NS), name),
    ).toBeDefined();
    expect((await call('DELETE', path)).status).toBe(200);
    // As kubectl delete waits: a list narrowed to the run, then (while its finalizer holds it)
    // a watch from that resourceVersion until it is DELETED.
    const remaining = await listNamed(name);
    if (remaining.items.length)
      await watchUntil(
        h.control,
        RUNS,
        {
          fieldSelector: `metadata.name=${name}`,
          resourceVersion: remaining.resourceVersion,
        },
        seen => seen.some(e => e.type === 'DELETED'),
      );
    expect((await call('GET', path)).status).toBe(404);
    expect(
      argo.get(WORKFLOW_API, 'workflows', workflowsNamespace(NS), name),
    ).toBeUndefined();
  });
});

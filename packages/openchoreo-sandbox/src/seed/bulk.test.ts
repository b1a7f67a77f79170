import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  startHarness,
  VERSION,
} from '../__testUtils__/harness';
import { KList } from '../__testUtils__/types';
import { watchUntil } from '../__testUtils__/watchUntil';
import type { KObject } from '../apiserver/types';

const RUNS = {
  group: GROUP,
  version: VERSION,
  plural: 'componentworkflowruns',
};
const COUNT = 20_000;
/** Listing 20,000 runs over HTTP (34 MB of JSON) takes seconds on a busy machine. */
const SLOW_TEST_MS = 120_000;

type Condition = {
  type: string;
  status: string;
  reason: string;
  lastTransitionTime: string;
};
type Run = KObject & {
  status: { conditions: Condition[]; runReference: { name: string } };
};

describe('bulk seeding for benchmarks', () => {
  let h: Harness;
  let objects: CustomObjectsApi;
  let names: string[];
  beforeAll(async () => {
    h = await startHarness();
    objects = h.control.makeApiClient(CustomObjectsApi);
    h.sandbox.seedOrganization({
      organization: 'bench-a',
      components: ['svc-1', 'svc-2'],
    });
    names = h.sandbox.seedRunHistory({
      organization: 'bench-a',
      count: COUNT,
    }).names;
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it('makes an organization the backend lists like the seeded ones', async () => {
    const list = (plural: string) =>
      objects.listNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: 'bench-a',
        plural,
      }) as Promise<KList<KObject>>;
    expect((await list('buildplanes')).items).toHaveLength(1);
    expect((await list('projects')).items.map(p => p.metadata.name)).toEqual([
      'bench',
    ]);
    expect((await list('components')).items.map(c => c.metadata.name)).toEqual([
      'svc-1',
      'svc-2',
    ]);
    expect(
      (await list('componentworkflows')).items.map(w => w.metadata.name),
    ).toContain('docker');
    expect(() =>
      h.sandbox.seedOrganization({ organization: 'bench-a' }),
    ).toThrow(/already exists/);
  });

  it(
    'pages through every run in key order over HTTP, with selectors and remainingItemCount',
    async () => {
      const seen: Run[] = [];
      let token: string | undefined;
      let first: KList<Run> | undefined;
      do {
        const page = (await objects.listNamespacedCustomObject({
          ...RUNS,
          namespace: 'bench-a',
          limit: 1000,
          _continue: token,
        })) as KList<Run>;
        first ??= page;
        seen.push(...page.items);
        token = page.metadata.continue || undefined;
      } while (token);
      expect(first!.metadata.remainingItemCount).toBe(COUNT - 1000);
      expect(seen).toHaveLength(COUNT);
      const listed = seen.map(r => r.metadata.name!);
      expect(listed).toEqual([...names].sort());
      expect(new Set(seen.map(r => r.metadata.creationTimestamp)).size).toBe(
        COUNT,
      );

      const bySvc1 = (await objects.listNamespacedCustomObject({
        ...RUNS,
        namespace: 'bench-a',
        labelSelector: 'openchoreo.dev/component=svc-1',
        limit: 50,
      })) as KList<Run>;
      expect(bySvc1.items).toHaveLength(50);
      expect(bySvc1.metadata.continue).toBeTruthy();
      // A selector makes the remaining count unknown, as the API server says.
      expect(bySvc1.metadata.remainingItemCount).toBeUndefined();
      expect(
        seen.filter(
          r => r.metadata.labels?.['openchoreo.dev/component'] === 'svc-1',
        ),
      ).toHaveLength(COUNT / 2);
    },
    SLOW_TEST_MS,
  );

  it(
    'writes finished statuses like the seeded history, without Workflows or pods',
    async () => {
      const runs = h.sandbox.controlPlane.list(
        'openchoreo.dev/v1alpha1',
        'componentworkflowruns',
        'bench-a',
      ) as Run[];
      const types = (r: Run) =>
        r.status.conditions.map(c => `${c.type}=${c.status}`);
      const succeeded = runs.filter(r =>
        types(r).includes('WorkflowSucceeded=True'),
      );
      const failed = runs.filter(r => types(r).includes('WorkflowFailed=True'));
      expect(succeeded.length + failed.length).toBe(COUNT);
      expect(succeeded.length).toBe(COUNT * 0.8);
      expect(types(succeeded[0])).toEqual([
        'WorkflowCompleted=True',
        'WorkflowRunning=False',
        'WorkflowSucceeded=True',
        'WorkloadUpdated=True',
      ]);
      expect(types(failed[0])).toEqual([
        'WorkflowCompleted=True',
        'WorkflowRunning=False',
        'WorkflowFailed=True',
      ]);
      for (const run of [succeeded[0], failed[0]]) {
        expect(run.status.runReference.name).toBe(run.metadata.name);
        const created = Date.parse(run.metadata.creationTimestamp!);
        for (const c of run.status.conditions)
          expect(Date.parse(c.lastTransitionTime)).toBeGreaterThan(created);
      }
      const workflows = await objects
        .listNamespacedCustomObject({
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: 'openchoreo-ci-bench-a',
          plural: 'workflows',
        })
        .catch(() => ({ items: [] }));
      expect((workflows as KList<KObject>).items).toHaveLength(0);
      const pods = await h.build
        .makeApiClient(CoreV1Api)
        .listNamespacedPod({ namespace: 'openchoreo-ci-bench-a' });
      expect(pods.items).toHaveLength(0);
    },
    SLOW_TEST_MS,
  );

  it('lets a benchmark change a run so that watchers see MODIFIED', async () => {
    const name = names[names.length - 1];
    const before = h.sandbox.controlPlane.get(
      'openchoreo.dev/v1alpha1',
      'componentworkflowruns',
      'bench-a',
      name,
    )!;
    // The call docs/sandbox.md recommends.
    h.sandbox.controlPlane.mergePatch(
      'openchoreo.dev/v1alpha1',
      'componentworkflowruns',
      'bench-a',
      name,
      { metadata: { annotations: { 'bench.openchoreo.dev/touched': '1' } } },
    );
    // A watcher that was at the run's last version sees the change.
    const watched = watchUntil(
      h.control,
      `/apis/${GROUP}/${VERSION}/namespaces/bench-a/componentworkflowruns`,
      {
        fieldSelector: `metadata.name=${name}`,
        resourceVersion: before.metadata.resourceVersion,
      },
      events => events.some(e => e.type === 'MODIFIED'),
    );
    const events = await watched;
    const modified = events.find(e => e.type === 'MODIFIED')!;
    expect(modified.object.metadata.annotations).toEqual({
      'bench.openchoreo.dev/touched': '1',
    });
  });

  it('refuses bad options with what to change', () => {
    expect(() =>
      h.sandbox.seedRunHistory({ organization: 'nowhere', count: 1 }),
    ).toThrow(/no components in organization "nowhere"/);
    expect(() =>
      h.sandbox.seedRunHistory({ organization: 'bench-a', count: 10, days: 0 }),
    ).toThrow(/raise days/);
    expect(() =>
      h.sandbox.seedOrganization({ organization: 'Bad_Name' }),
    ).toThrow(/DNS label/);
  });
});

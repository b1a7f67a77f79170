import {
  runKey,
  sortNewestFirst,
  type RunFilter,
  type RunListResponse,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { decodeCursor, encodeCursor, pageRuns, runIndex } from './runPaging';

const BASE = Date.parse('2025-01-01T00:00:00Z');
/** Second-resolution timestamps, like Kubernetes' creationTimestamp. */
const at = (second: number) =>
  new Date(BASE + second * 1000).toISOString().replace('.000Z', 'Z');

const summary = (
  namespace: string,
  name: string,
  second: number,
  extra: Partial<RunSummary> = {},
): RunSummary => ({
  namespace,
  name,
  generation: 'v0',
  project: 'p',
  component: name.split('-workflow-')[0],
  workflow: 'docker',
  status: 'Succeeded',
  repository: {},
  createdAt: at(second),
  ...extra,
});

/** Per-namespace run lists as the informers hold them: each sorted newest first. */
class Caches {
  readonly byNamespace = new Map<string, RunSummary[]>();
  add(run: RunSummary) {
    this.byNamespace.set(run.namespace, [
      ...(this.byNamespace.get(run.namespace) ?? []),
      run,
    ]);
  }
  remove(namespace: string, name: string) {
    this.byNamespace.set(
      namespace,
      (this.byNamespace.get(namespace) ?? []).filter(r => r.name !== name),
    );
  }
  page(
    namespaces: string[],
    filter: RunFilter,
    limit: number,
    cursor?: string,
  ): RunListResponse {
    return pageRuns({
      sources: namespaces.map(ns =>
        sortNewestFirst(this.byNamespace.get(ns) ?? []),
      ),
      filter,
      limit,
      after: cursor ? decodeCursor(cursor) : undefined,
    });
  }
}

const id = (r: RunSummary) => `${r.namespace}/${r.name}`;

describe('keyset paging of cached runs', () => {
  /** 3 namespaces, many runs sharing a creation second (ties broken by name, then namespace). */
  function seeded() {
    const caches = new Caches();
    let n = 0;
    for (const ns of ['a', 'b', 'c']) {
      for (let i = 0; i < 40; i += 1) {
        n += 1;
        const component = i % 3 === 0 ? 'greeter' : 'other';
        caches.add(
          summary(
            ns,
            `${component}-workflow-${((n * 2654435761) % 0xffffffff)
              .toString(16)
              .padStart(8, '0')}`,
            Math.floor(i / 4),
            {
              status: i % 2 === 0 ? 'Succeeded' : 'Failed',
              workflow: i % 5 === 0 ? 'buildpacks' : 'docker',
            },
          ),
        );
      }
    }
    return caches;
  }

  it('lists newest first (creation time desc, then name, then namespace) across namespaces', () => {
    const caches = seeded();
    const all = caches.page(['a', 'b', 'c'], {}, 500).items;
    expect(all).toHaveLength(120);
    const outOfOrder = all.slice(1).filter((cur, i) => {
      const prev = all[i];
      const [pt, ct] = [
        Date.parse(prev.createdAt!),
        Date.parse(cur.createdAt!),
      ];
      return pt < ct || (pt === ct && prev.name > cur.name);
    });
    expect(outOfOrder).toEqual([]);
    expect(all[0].createdAt).toBe(at(9));
    expect(all[all.length - 1].createdAt).toBe(at(0));
  });

  it('returns every matching run exactly once, newest first, even when runs are created and deleted between pages', () => {
    const caches = seeded();
    const filter: RunFilter = { component: 'greeter', statuses: ['Succeeded'] };
    const expected = caches.page(['a', 'b', 'c'], filter, 500).items.map(id);
    expect(expected.length).toBeGreaterThan(10);

    const seen: RunSummary[] = [];
    let cursor: string | undefined;
    let round = 0;
    do {
      const page = caches.page(['a', 'b', 'c'], filter, 4, cursor);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items);
      cursor = page.nextCursor;
      round += 1;
      // Meanwhile new runs arrive (newer than everything, some in the same second as the newest,
      // some with names sorting before and after existing ones) and an unseen-yet page neighbour stays.
      caches.add(
        summary(
          'b',
          `greeter-workflow-${round.toString(16).padStart(8, '0')}`,
          100 + round,
        ),
      );
      caches.add(summary('a', `greeter-workflow-0000000${round % 10}`, 9));
      caches.add(
        summary('c', `other-workflow-f000000${round % 10}`, 100 + round),
      );
    } while (cursor);

    expect(seen.map(id)).toEqual(expected);
    expect(new Set(seen.map(id)).size).toBe(seen.length);
    // And a fresh first page shows the new ones on top.
    expect(caches.page(['a', 'b', 'c'], filter, 1).items[0].name).toBe(
      `greeter-workflow-${round.toString(16).padStart(8, '0')}`,
    );
  });

  it('keeps its place when the last returned run is deleted', () => {
    const caches = seeded();
    const first = caches.page(['a'], {}, 5);
    const last = first.items[4];
    caches.remove('a', last.name);
    const second = caches.page(['a'], {}, 5, first.nextCursor);
    const all = caches.page(['a'], {}, 500).items;
    const from = all.findIndex(r => r.name === first.items[3].name) + 1;
    expect(second.items.map(id)).toEqual(all.slice(from, from + 5).map(id));
  });

  it('filters by project, component, workflow and status', () => {
    const caches = seeded();
    const page = caches.page(
      ['a', 'b', 'c'],
      {
        project: 'p',
        component: 'greeter',
        workflow: 'buildpacks',
        statuses: ['Succeeded', 'Failed'],
      },
      500,
    );
    expect(page.items.length).toBeGreaterThan(0);
    expect(
      page.items.every(
        r => r.component === 'greeter' && r.workflow === 'buildpacks',
      ),
    ).toBe(true);
    expect(caches.page(['a'], { project: 'elsewhere' }, 10)).toEqual({
      items: [],
    });
  });

  it('filters by branch, trigger and creator, paging the matches in 3 pages with no run lost or repeated', () => {
    const caches = new Caches();
    const ada = 'user:default/ada';
    const starters: Array<Pick<RunSummary, 'createdBy' | 'trigger'>> = [
      { createdBy: ada, trigger: { kind: 'user', userEntityRef: ada } },
      {
        createdBy: 'user:default/bob',
        trigger: { kind: 'user', userEntityRef: 'user:default/bob' },
      },
      {
        createdBy: 'webhook:github',
        trigger: { kind: 'webhook', provider: 'github', deliveryId: 'd' },
      },
      {}, // kubectl: nothing says who
    ];
    for (const ns of ['a', 'b', 'c']) {
      for (let i = 0; i < 48; i += 1) {
        caches.add(
          summary(ns, `greeter-workflow-${ns}${i}`, Math.floor(i / 6), {
            repository: { branch: i % 3 === 0 ? 'dev' : 'main' },
            ...starters[i % 4],
          }),
        );
      }
    }
    const all = caches.page(['a', 'b', 'c'], {}, 500).items;
    const pagesOf = (filter: RunFilter, limit: number) => {
      const pages: RunSummary[][] = [];
      let cursor: string | undefined;
      do {
        const page = caches.page(['a', 'b', 'c'], filter, limit, cursor);
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor && pages.length < 10);
      return pages;
    };

    const mine = all.filter(
      r => r.createdBy === ada && r.repository.branch === 'main',
    );
    expect(mine).toHaveLength(24);
    const minePages = pagesOf(
      { branch: 'main', trigger: 'user', createdBy: ada },
      8,
    );
    expect(minePages.map(page => page.length)).toEqual([8, 8, 8]);
    expect(minePages.flat().map(id)).toEqual(mine.map(id));

    const webhookRuns = all.filter(r => r.createdBy === 'webhook:github');
    const webhookPages = pagesOf({ trigger: 'webhook' }, 14);
    expect(webhookPages.map(page => page.length)).toEqual([14, 14, 8]);
    expect(webhookPages.flat().map(id)).toEqual(webhookRuns.map(id));

    const dev = all.filter(r => r.repository.branch === 'dev');
    const devPages = pagesOf({ branch: 'dev' }, 20);
    expect(devPages).toHaveLength(3);
    expect(devPages.flat().map(id)).toEqual(dev.map(id));
    expect(new Set(devPages.flat().map(id)).size).toBe(dev.length);
  });

  it('gives no nextCursor when the page holds the last match, and a cursor that is the last run', () => {
    const caches = new Caches();
    for (let i = 0; i < 4; i += 1)
      caches.add(summary('a', `x-workflow-0000000${i}`, i));
    expect(caches.page(['a'], {}, 4).nextCursor).toBeUndefined();
    const page = caches.page(['a'], {}, 3);
    expect(page.items.map(r => r.name)).toEqual([
      'x-workflow-00000003',
      'x-workflow-00000002',
      'x-workflow-00000001',
    ]);
    expect(decodeCursor(page.nextCursor!)).toMatchObject({
      name: 'x-workflow-00000001',
      namespace: 'a',
      createdAt: at(1),
    });
    expect(caches.page(['a'], {}, 3, page.nextCursor)).toEqual({
      items: [caches.byNamespace.get('a')![0]],
    });
  });

  it('lists runs without a creation time last', () => {
    const caches = new Caches();
    caches.add(
      summary('a', 'x-workflow-00000001', 0, { createdAt: undefined }),
    );
    caches.add(summary('a', 'x-workflow-00000002', 5));
    const first = caches.page(['a'], {}, 1);
    expect(first.items[0].name).toBe('x-workflow-00000002');
    expect(caches.page(['a'], {}, 1, first.nextCursor).items[0].name).toBe(
      'x-workflow-00000001',
    );
    expect(
      decodeCursor(
        encodeCursor({ namespace: 'a', name: 'x', createdAt: undefined }),
      ).time,
    ).toBe(-Infinity);
  });

  it.each([
    ['garbage'],
    [Buffer.from('{"n":0,"o":0,"p":50}').toString('base64url')], // a cursor of the old limit/continue format
    [
      Buffer.from('{"v":2,"c":"yesterday","n":"x","s":"a"}').toString(
        'base64url',
      ),
    ],
    [Buffer.from('{"v":2,"c":"","n":"","s":"a"}').toString('base64url')],
  ])('rejects the cursor %s with a 400 naming the field', cursor => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(/^cursor: /),
      }),
    );
  });

  it('never lists past the last run of a cut-off source, and says where it stopped', () => {
    const live = [
      summary('a', 'x-workflow-1', 9),
      summary('a', 'x-workflow-2', 1),
    ];
    const batch = [
      summary('a', 'y-workflow-1', 8),
      summary('a', 'y-workflow-2', 5),
    ];
    const page = pageRuns({
      sources: [live, batch],
      filter: {},
      limit: 3,
      cut: new Set([1]),
    });
    // x-workflow-2 (second 1) comes after the batch's last run (second 5): unknown runs of the
    // cut-off source may lie between them.
    expect(page.items.map(r => r.name)).toEqual([
      'x-workflow-1',
      'y-workflow-1',
      'y-workflow-2',
    ]);
    expect(page.stoppedAfter).toBeUndefined();
    expect(decodeCursor(page.nextCursor!)).toEqual(
      decodeCursor(encodeCursor(batch[1])),
    );

    const hidden = pageRuns({
      sources: [live, batch],
      filter: {},
      limit: 3,
      cut: new Set([1]),
      visible: r => !r.name.startsWith('y-'),
    });
    expect(hidden.items.map(r => r.name)).toEqual(['x-workflow-1']);
    expect(hidden.stoppedAfter?.name).toBe('y-workflow-2');

    // Without the cut, the same sources list on into the older live run.
    expect(
      pageRuns({
        sources: [live, batch],
        filter: {},
        limit: 3,
        visible: r => !r.name.startsWith('y-'),
      }).items.map(r => r.name),
    ).toEqual(['x-workflow-1', 'x-workflow-2']);
  });

  it('ends at a cut-off source it has read to the end, with a cursor to read on', () => {
    const batch = [summary('a', 'y-workflow-1', 8)];
    const page = pageRuns({
      sources: [[], batch],
      filter: {},
      limit: 5,
      cut: new Set([1]),
    });
    expect(page.items.map(r => r.name)).toEqual(['y-workflow-1']);
    expect(page.stoppedAfter?.name).toBe('y-workflow-1');
    expect(page.nextCursor).toBe(encodeCursor(batch[0]));
  });
});

describe('runIndex', () => {
  // Newest first: second 30, then two runs of second 20 (by name), then second 10.
  const runs = sortNewestFirst([
    summary('default', 'c-workflow-3', 10),
    summary('default', 'b-workflow-2', 20),
    summary('default', 'a-workflow-1', 20),
    summary('default', 'd-workflow-4', 30),
  ]);

  it('finds where a listed run stands (at) and the run after it (after)', () => {
    expect(runs.map(r => r.name)).toEqual([
      'd-workflow-4',
      'a-workflow-1',
      'b-workflow-2',
      'c-workflow-3',
    ]);
    runs.forEach((run, index) => {
      expect(runIndex(runs, runKey(run), 'at')).toBe(index);
      expect(runIndex(runs, runKey(run), 'after')).toBe(index + 1);
    });
  });

  it('places a key no run has where it would be inserted, on either side', () => {
    const between = runKey(summary('default', 'aa-workflow-9', 20));
    expect(runIndex(runs, between, 'at')).toBe(2);
    expect(runIndex(runs, between, 'after')).toBe(2);
    const newest = runKey(summary('default', 'z-workflow-0', 40));
    expect(runIndex(runs, newest, 'at')).toBe(0);
    expect(runIndex(runs, newest, 'after')).toBe(0);
    const oldest = runKey(summary('default', 'z-workflow-0', 0));
    expect(runIndex(runs, oldest, 'at')).toBe(4);
    expect(runIndex(runs, oldest, 'after')).toBe(4);
    expect(runIndex([], newest, 'after')).toBe(0);
  });
});

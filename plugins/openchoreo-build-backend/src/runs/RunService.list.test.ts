import {
  compareRunKeys,
  runKey,
  runMatchesFilter,
  sortNewestFirst,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { RunInformers } from '../informer/RunInformers';
import type {
  ListDeletedQuery,
  RunRecordStore,
} from '../runRecords/RunRecordStore';
import { RunService } from './RunService';

// GET /runs merges the informers' live runs with the record's deleted runs, read in batches.

const BASE = Date.parse('2025-01-01T00:00:00Z');

function run(component: string, second: number, deleted = false): RunSummary {
  return {
    namespace: 'default',
    name: `${component}-workflow-${String(second).padStart(8, '0')}`,
    generation: 'v0',
    project: 'p',
    component,
    workflow: 'docker',
    status: 'Succeeded',
    repository: {},
    createdAt: new Date(BASE + second * 1000).toISOString(),
    ...(deleted && {
      deleted: { at: new Date(BASE + 99_999_000).toISOString() },
    }),
  } as RunSummary;
}

/** The record store's `listDeleted` over an in-memory list, with its batch reads counted. */
function recordOf(deleted: RunSummary[]) {
  const sorted = sortNewestFirst(deleted);
  const reads: number[] = [];
  const records: Pick<RunRecordStore, 'listDeleted'> = {
    listDeleted: async (query: ListDeletedQuery) => {
      reads.push(query.limit);
      return sorted
        .filter(
          r =>
            (!query.after || compareRunKeys(runKey(r), query.after) > 0) &&
            runMatchesFilter(r, query.filter ?? {}),
        )
        .slice(0, query.limit);
    },
  };
  return { records, reads };
}

function serviceOf(live: RunSummary[], deleted: RunSummary[]) {
  const informers = {
    runs: async () => sortNewestFirst(live),
    componentRuns: () => [...new Map(live.map(r => [r.component, r])).values()],
  } as unknown as RunInformers;
  const { records, reads } = recordOf(deleted);
  const service = new RunService(
    {} as ControlPlane,
    {} as BuildPlaneRegistry,
    informers,
    undefined,
    undefined,
    undefined,
    records,
  );
  return { service, reads };
}

/** The caller may read runs of `greeter` only. */
const greeterOnly = async () => (r: RunSummary) => r.component === 'greeter';

async function allPages(
  service: RunService,
  limit: number,
): Promise<{ names: string[]; pages: number[] }> {
  const names: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await service.list({
      namespaces: ['default'],
      filter: {},
      limit,
      cursor,
      readable: greeterOnly,
    });
    names.push(...page.items.map(r => r.name));
    pages.push(page.items.length);
    if (!page.nextCursor) return { names, pages };
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('RunService.list with deleted runs the caller may not all read', () => {
  it('lists every readable run once, in order, although unreadable deleted runs fill whole batches', async () => {
    // Newest first: 12 deleted runs of a component the caller may not read, then deleted and
    // live greeter runs interleaved. Each batch of deleted runs (page size + 1) is all unreadable
    // at first: a page that went on past the batch into the live runs would skip the older
    // deleted greeter runs the next batch holds.
    const deleted = [
      ...Array.from({ length: 12 }, (_, i) => run('secret', 100 - i, true)),
      run('greeter', 80, true),
      run('greeter', 60, true),
      run('greeter', 40, true),
    ];
    const live = [
      run('greeter', 85),
      run('greeter', 70),
      run('greeter', 50),
      run('greeter', 30),
      run('greeter', 20),
      run('secret', 75),
    ];
    const { service, reads } = serviceOf(live, deleted);

    const { names, pages } = await allPages(service, 3);

    const readable = sortNewestFirst(
      [...live, ...deleted].filter(r => r.component === 'greeter'),
    ).map(r => r.name);
    expect(names).toEqual(readable);
    // Full pages while runs remain: the page read further batches rather than end short.
    expect(pages.slice(0, -1).every(size => size === 3)).toBe(true);
    // More than one batch per page was read somewhere (the secret runs filled the first ones).
    expect(reads.length).toBeGreaterThan(pages.length);
  });

  it('asks about each component once, also those a later batch brings', async () => {
    const deleted = [
      ...Array.from({ length: 6 }, (_, i) => run('secret', 100 - i, true)),
      run('late', 50, true),
    ];
    const live = [run('greeter', 90), run('greeter', 10)];
    const { service } = serviceOf(live, deleted);
    const asked: string[][] = [];
    const page = await service.list({
      namespaces: ['default'],
      filter: {},
      limit: 2,
      readable: async candidates => {
        asked.push(candidates.map(c => c.component ?? ''));
        return r => r.component !== 'secret';
      },
    });
    expect(page.items.map(r => r.component)).toEqual(['greeter', 'late']);
    expect(asked.flat().sort()).toEqual(['greeter', 'late', 'secret']);
  });
});

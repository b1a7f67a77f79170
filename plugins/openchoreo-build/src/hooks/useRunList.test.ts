import {
  listedBefore,
  runMatchesFilter,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { runSummary } from '../testUtils/mockApi';
import { applyRunEvent } from './useRunList';

const run = (
  name: string,
  createdAt?: string,
  overrides: Partial<RunSummary> = {},
) => runSummary({ name, createdAt, ...overrides });
const names = (items: RunSummary[]) => items.map(r => r.name);

describe('useRunList helpers', () => {
  const page = [
    run('r3', '2026-01-03T00:00:00Z'),
    run('r2a', '2026-01-02T00:00:00Z'),
    run('r2b', '2026-01-02T00:00:00Z'),
    run('r1', '2026-01-01T00:00:00Z'),
  ];

  it('orders like the backend: newest first, then name, then namespace; undated last', () => {
    expect(
      listedBefore(
        run('x', '2026-01-02T00:00:00Z'),
        run('a', '2026-01-01T00:00:00Z'),
      ),
    ).toBe(true);
    expect(
      listedBefore(
        run('a', '2026-01-01T00:00:00Z'),
        run('b', '2026-01-01T00:00:00Z'),
      ),
    ).toBe(true);
    expect(
      listedBefore(
        run('a', '2026-01-01T00:00:00Z', { namespace: 'acme' }),
        run('a', '2026-01-01T00:00:00Z'),
      ),
    ).toBe(true);
    expect(
      listedBefore(run('a', undefined), run('z', '2020-01-01T00:00:00Z')),
    ).toBe(false);
  });

  it('inserts a new run where the backend lists it and leaves the rest of the page as it was', () => {
    const added = (r: RunSummary) =>
      applyRunEvent(
        page,
        { type: 'added', namespace: r.namespace, run: r },
        {},
        true,
      );
    expect(names(added(run('new', '2026-02-01T00:00:00Z')))).toEqual([
      'new',
      'r3',
      'r2a',
      'r2b',
      'r1',
    ]);
    expect(names(added(run('r2ab', '2026-01-02T00:00:00Z')))).toEqual([
      'r3',
      'r2a',
      'r2ab',
      'r2b',
      'r1',
    ]);
    expect(names(added(run('old', '2025-01-01T00:00:00Z')))).toEqual([
      'r3',
      'r2a',
      'r2b',
      'r1',
      'old',
    ]);
    // A page the backend returned is never re-sorted, even if a time looks out of order.
    const served = [
      run('z', '2026-01-01T00:00:00Z'),
      run('y', '2026-01-05T00:00:00Z'),
    ];
    const updated = applyRunEvent(
      served,
      {
        type: 'modified',
        namespace: 'default',
        run: { ...served[0], status: 'Failed' },
      },
      {},
      true,
    );
    expect(names(updated)).toEqual(['z', 'y']);
    expect(updated[0].status).toBe('Failed');
  });

  it('adds new runs only to the first page, and only when they match the filter (workflow included)', () => {
    const fresh = run('new', '2026-02-01T00:00:00Z', { workflow: 'react' });
    const event = { type: 'added' as const, namespace: 'default', run: fresh };
    expect(applyRunEvent(page, event, {}, false)).toBe(page);
    expect(applyRunEvent(page, event, { workflow: 'docker' }, true)).toBe(page);
    expect(
      names(applyRunEvent(page, event, { workflow: 'react' }, true))[0],
    ).toBe('new');
    expect(
      runMatchesFilter(fresh, { workflow: 'react', statuses: ['Succeeded'] }),
    ).toBe(true);
    expect(runMatchesFilter(fresh, { workflow: 'docker' })).toBe(false);
  });

  it('drops a listed run that is deleted or no longer matches', () => {
    expect(
      names(
        applyRunEvent(
          page,
          { type: 'deleted', namespace: 'default', run: page[1] },
          {},
          true,
        ),
      ),
    ).toEqual(['r3', 'r2b', 'r1']);
    const failed = { ...page[0], status: 'Failed' as const };
    expect(
      names(
        applyRunEvent(
          page,
          { type: 'modified', namespace: 'default', run: failed },
          { statuses: ['Succeeded'] },
          true,
        ),
      ),
    ).toEqual(['r2a', 'r2b', 'r1']);
  });
});

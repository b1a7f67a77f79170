import type { ComponentWorkflowRun } from '@openchoreo-build/plugin-openchoreo-build-common';
import { listRunsPaged } from './runPaging';

const make = (ns: string, n: number, component: string, succeeded: boolean): ComponentWorkflowRun => ({
  metadata: { name: `${component}-workflow-${String(n).padStart(4, '0')}`, namespace: ns },
  spec: { owner: { projectName: 'p', componentName: component } },
  status: { conditions: succeeded ? [{ type: 'WorkflowSucceeded', status: 'True' }] : [] },
});

/** Kubernetes-like paging over fixed lists: the continue token is the next index. */
function fakeCluster(data: Record<string, ComponentWorkflowRun[]>) {
  const calls: Array<[string, number, string | undefined]> = [];
  return {
    calls,
    fetchPage: async (ns: string, limit: number, token?: string) => {
      calls.push([ns, limit, token]);
      const start = token ? Number(token) : 0;
      const items = (data[ns] ?? []).slice(start, start + limit);
      const next = start + limit < (data[ns] ?? []).length ? String(start + limit) : undefined;
      return { items, metadata: { continue: next } };
    },
  };
}

describe('listRunsPaged', () => {
  const data = {
    a: Array.from({ length: 250 }, (_, i) => make('a', i, i % 3 === 0 ? 'greeter' : 'other', i % 2 === 0)),
    b: Array.from({ length: 7 }, (_, i) => make('b', i, 'greeter', true)),
  };

  it('pages through every match exactly once across namespaces, filtering on the server', async () => {
    const cluster = fakeCluster(data);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRunsPaged({ namespaces: ['a', 'b'], filter: { component: 'greeter', statuses: ['Succeeded'] }, limit: 10, cursor, fetchPage: cluster.fetchPage });
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map(r => `${r.namespace}/${r.name}`));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = [...data.a, ...data.b]
      .filter(r => r.spec?.owner?.componentName === 'greeter' && r.status?.conditions?.length)
      .map(r => `${r.metadata?.namespace}/${r.metadata?.name}`);
    expect(seen).toEqual(expected);
    // Upstream pages use Kubernetes limit/continue.
    expect(cluster.calls.some(([, , token]) => token !== undefined)).toBe(true);
  });

  it('uses the requested limit upstream when nothing is filtered', async () => {
    const cluster = fakeCluster(data);
    const page = await listRunsPaged({ namespaces: ['b'], filter: {}, limit: 5, fetchPage: cluster.fetchPage });
    expect(page.items).toHaveLength(5);
    expect(cluster.calls).toEqual([['b', 5, undefined]]);
    const rest = await listRunsPaged({ namespaces: ['b'], filter: {}, limit: 5, cursor: page.nextCursor, fetchPage: cluster.fetchPage });
    expect(rest.items.map(r => r.name)).toEqual(['greeter-workflow-0005', 'greeter-workflow-0006']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('rejects a forged cursor with a field-named 400', async () => {
    await expect(listRunsPaged({ namespaces: ['a'], filter: {}, limit: 5, cursor: 'garbage', fetchPage: fakeCluster(data).fetchPage }))
      .rejects.toThrow(/^cursor: /);
  });
});

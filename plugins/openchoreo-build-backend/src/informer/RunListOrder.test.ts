import {
  sortNewestFirst,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { MAX_INCREMENTAL_CHANGES, RunListOrder } from './RunListOrder';

const BASE_MS = Date.parse('2026-11-01T00:00:00Z');

function run(name: string, second: number | undefined, rv = '1'): RunSummary {
  return {
    namespace: 'acme',
    name,
    generation: 'v0',
    status: 'Running',
    repository: {},
    createdAt:
      second === undefined
        ? undefined
        : new Date(BASE_MS + second * 1000).toISOString(),
    resourceVersion: rv,
  };
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drives a RunListOrder the way RunInformer does, beside the map it keeps. */
class Harness {
  readonly known = new Map<string, RunSummary>();
  readonly order = new RunListOrder();
  sorts = 0;

  set(summary: RunSummary): void {
    const previous = this.known.get(summary.name);
    this.known.set(summary.name, summary);
    this.order.changed(previous, summary);
  }

  remove(name: string): void {
    const previous = this.known.get(name);
    if (!previous) return;
    this.known.delete(name);
    this.order.removed(previous);
  }

  list(): readonly RunSummary[] {
    return this.order.list(() => {
      this.sorts += 1;
      return this.known.values();
    });
  }
}

describe('RunListOrder', () => {
  it('stays in list order through random adds, changes and removals', () => {
    const next = random(18);
    const harness = new Harness();
    // Few distinct seconds and some runs without a time: ties are broken by name.
    for (let i = 0; i < 500; i += 1)
      harness.set(
        run(`run-${i}`, i % 7 === 0 ? undefined : Math.floor(next() * 60)),
      );
    harness.list();
    for (let round = 0; round < 200; round += 1) {
      for (let op = Math.floor(next() * 8); op >= 0; op -= 1) {
        const name = `run-${Math.floor(next() * 600)}`;
        const choice = next();
        if (choice < 0.2) harness.remove(name);
        else if (choice < 0.6)
          harness.set(run(name, Math.floor(next() * 60), String(round)));
        else {
          // A status change: same creation time, a new object.
          const previous = harness.known.get(name);
          if (previous) harness.set({ ...previous, status: 'Succeeded' });
        }
      }
      expect(harness.list()).toEqual(sortNewestFirst(harness.known.values()));
    }
    // Only the first list sorted everything.
    expect(harness.sorts).toBe(1);
  });

  it('never changes an array it returned', () => {
    const harness = new Harness();
    for (let i = 0; i < 10; i += 1) harness.set(run(`run-${i}`, i));
    const first = harness.list();
    const copy = [...first];
    harness.set(run('run-10', 10));
    harness.remove('run-3');
    harness.set({ ...harness.known.get('run-5')!, status: 'Failed' });
    const second = harness.list();
    expect(first).toEqual(copy);
    expect(second).not.toBe(first);
    expect(second.map(r => r.name)).toEqual([
      'run-10',
      'run-9',
      'run-8',
      'run-7',
      'run-6',
      'run-5',
      'run-4',
      'run-2',
      'run-1',
      'run-0',
    ]);
    expect(second[5].status).toBe('Failed');
  });

  it('returns the same array while nothing changed', () => {
    const harness = new Harness();
    harness.set(run('a', 1));
    expect(harness.list()).toBe(harness.list());
    expect(harness.sorts).toBe(1);
  });

  it('sorts everything again after more changes than are worth moving one by one', () => {
    const harness = new Harness();
    for (let i = 0; i < 10; i += 1) harness.set(run(`run-${i}`, i));
    harness.list();
    for (let i = 0; i <= MAX_INCREMENTAL_CHANGES; i += 1)
      harness.set(run(`new-${i}`, 100 + i));
    const listed = harness.list();
    expect(harness.sorts).toBe(2);
    expect(listed).toEqual(sortNewestFirst(harness.known.values()));
  });

  it('sorts everything again when a change names a run the list does not hold', () => {
    const harness = new Harness();
    harness.set(run('a', 1));
    harness.list();
    // Not what the list holds for "a": the order cannot place it, so it sorts afresh.
    harness.order.changed(run('a', 1), run('a', 2));
    harness.known.set('a', run('a', 2));
    expect(harness.list()).toEqual([run('a', 2)]);
    expect(harness.sorts).toBe(2);
  });
});

/**
 * The backends' memory around the first lists: what the caches of every org's runs cost. V8 keeps
 * what a burst of allocation reserved (pages for reuse, a grown young generation) after a plain
 * full GC and gives it back by itself only once the process has been idle for a while (its memory
 * reducer). So each figure says which state it is: right after the lists, after the idle wait, and
 * after the same collection asked for at once (the cost of the caches is taken there, against the
 * backend before any list in the same state).
 */
import type { BackendProcess } from '../backendProcess';
import type { RssByKind } from '../smaps';
import { mib } from './measure';
import type { Print } from './lists';

interface Stats {
  rss: number;
  heap: number;
  /** V8's heap as reserved (what RSS holds of it). */
  heapTotal: number;
}

/** `reset`: a full GC. `reduce`: the collection of V8's memory reducer (returns its reserve too). */
type Collection = 'reset' | 'reduce';

/** How long to wait for the memory reducer; it acted after 40–60 s on the machine of docs/performance.md. */
const IDLE_LIMIT_MS = 120_000;
const IDLE_POLL_MS = 5_000;
/** The reserve is taken as given back once V8 reserves at most this much more than it uses. */
const RESERVE_RETURNED = 1.15;

async function collected(
  backends: BackendProcess[],
  collection: Collection,
): Promise<Stats[]> {
  const stats: Stats[] = [];
  for (const backend of backends) {
    await backend.ask(collection);
    stats.push(await backend.ask<Stats>('stats'));
  }
  return stats;
}

const describe = (stats: Stats) =>
  `${mib(stats.rss)} (heap ${mib(stats.heap)} used, ${mib(
    stats.heapTotal,
  )} reserved)`;

/** Each backend's RSS by kind of memory (bench/smaps.ts), as one line. */
async function byKind(backends: BackendProcess[]): Promise<string> {
  const lines: string[] = [];
  for (const backend of backends) {
    const { kinds } = await backend.ask<{ kinds?: RssByKind }>('rssByKind');
    lines.push(
      kinds
        ? `V8 pages ${mib(kinds.v8Pages)} (${
            kinds.v8PageCount
          }), node binary ${mib(kinds.nodeBinary)}, glibc heap ${mib(
            kinds.mallocHeap,
          )}, other anonymous ${mib(kinds.otherAnonymous)}, other files ${mib(
            kinds.otherFiles,
          )}`
        : 'no /proc/self/smaps here',
    );
  }
  return lines.join(' + ');
}

/** Each backend left alone until V8 gives its reserve back by itself, or IDLE_LIMIT_MS passed. */
async function idle(backend: BackendProcess): Promise<string> {
  const start = performance.now();
  for (;;) {
    const stats = await backend.ask<Stats>('stats');
    const waited = performance.now() - start;
    if (stats.heapTotal <= stats.heap * RESERVE_RETURNED)
      return `${describe(stats)} after ${(waited / 1000).toFixed(0)} s`;
    if (waited >= IDLE_LIMIT_MS)
      return `${describe(stats)}: not given back in ${IDLE_LIMIT_MS / 1000} s`;
    await new Promise(resolve => setTimeout(resolve, IDLE_POLL_MS));
  }
}

/**
 * Prints the backends' RSS before `fill` (which lists every org's runs) and right after it (by
 * kind of memory before and once reduced, see bench/smaps.ts); runs
 * `busy` (the event phase: a backend that 1,000 clients follow while 50 runs change a second is
 * never idle, so it is measured with the heap as the lists left it); then the idle and reduced
 * figures and the caches' cost, reduced RSS and heap used against before.
 */
export async function measureCaches(
  label: string,
  backends: BackendProcess[],
  print: Print,
  phases: { fill: () => Promise<void>; busy?: () => Promise<void> },
): Promise<void> {
  const before = await collected(backends, 'reduce');
  print(
    `${label}backend RSS, before any list`,
    before.map(describe).join(' + '),
  );
  print(`${label}  by kind`, await byKind(backends));
  await phases.fill();
  print(
    `${label}backend RSS, caches full`,
    (await collected(backends, 'reset')).map(describe).join(' + '),
  );
  await phases.busy?.();
  print(
    `${label}backend RSS, caches full, idle`,
    (await Promise.all(backends.map(idle))).join(' + '),
  );
  const reduced = await collected(backends, 'reduce');
  print(
    `${label}backend RSS, caches full, reduced`,
    reduced.map(describe).join(' + '),
  );
  print(`${label}  by kind`, await byKind(backends));
  print(
    `${label}caches' cost: RSS / heap used`,
    reduced
      .map(
        (after, i) =>
          `+${mib(after.rss - before[i].rss)} / +${mib(
            after.heap - before[i].heap,
          )}`,
      )
      .join(' + '),
  );
}

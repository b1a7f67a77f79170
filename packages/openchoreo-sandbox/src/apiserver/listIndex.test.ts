import { rng } from '../controller/argo/names';
import { Cluster } from './cluster';
import { ListOptions, ListResult } from './core';
import { compileLabelSelector, parseFieldSelector } from './selectors';
import { KObject } from './types';

/**
 * The indexed list (`TypeIndex` behind `ApiCore.list`) against a brute-force reference: sort
 * every key, filter, cut. Random creates, relabels and deletes run between the pages of random
 * paginated lists, so order, paging, selectors, continue tokens and remainingItemCount are
 * checked across concurrent changes.
 */

// Namespaces whose names are prefixes of each other: key order is by `<ns>/<name>` strings
// ('a-b/…' < 'a/…' < 'ab/…'), not by namespace first.
const NAMESPACES = ['a', 'a-b', 'ab', 'b'];
const LABEL_VALUES = ['x', 'y', 'z'];
const SELECTORS = [
  undefined,
  'tier=x',
  'tier==y',
  'tier in (z)',
  'tier=x,app=y',
  'tier!=x',
  'tier in (x,y)',
  'tier notin (y)',
  'app',
  '!app',
  'tier=x,!app',
  'app=z,tier=nope',
];
const FIELD_SELECTORS = [
  undefined,
  'metadata.namespace=a',
  'metadata.namespace!=ab',
  'metadata.name=cm-3',
];

function keyOf(obj: KObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** The list the API server would answer, computed from every object the slow way. */
function referenceList(
  all: KObject[],
  namespace: string | undefined,
  opts: ListOptions,
  start: string | undefined,
): { items: string[]; more: boolean; remaining?: number } {
  const labels = compileLabelSelector(opts.labelSelector).matches;
  const fields = parseFieldSelector(opts.fieldSelector);
  const keys = all
    .filter(o => namespace === undefined || o.metadata.namespace === namespace)
    .filter(o => labels(o) && fields(o))
    .map(keyOf)
    .sort()
    .filter(k => start === undefined || k > start);
  const limit = opts.limit ?? Infinity;
  const items = keys.slice(0, limit);
  const more = keys.length > items.length;
  const unfiltered = !opts.labelSelector && !opts.fieldSelector;
  return {
    items,
    more,
    remaining: more && unfiltered ? keys.length - items.length : undefined,
  };
}

describe('indexed lists', () => {
  it('answer exactly what a full sort-and-filter answers, across inserts, relabels and deletes', () => {
    const cluster = new Cluster('index-test');
    const core = cluster.core;
    const cm = cluster.def('v1', 'configmaps');
    for (const ns of NAMESPACES) cluster.ensureNamespace(ns);
    const random = rng('list-index');
    const pick = <T>(list: readonly T[]): T =>
      list[Math.floor(random() * list.length)];
    const labelsFor = (): Record<string, string> => {
      const labels: Record<string, string> = { tier: pick(LABEL_VALUES) };
      if (random() < 0.5) labels.app = pick(LABEL_VALUES);
      return labels;
    };
    // The reference's own copy of every object, kept from what each write answered.
    const model = new Map<string, KObject>();
    const mutate = (): void => {
      const ns = pick(NAMESPACES);
      const name = `cm-${Math.floor(random() * 40)}`;
      const existing = model.get(`${ns}/${name}`);
      if (!existing) {
        const created = cluster.create(
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name, namespace: ns, labels: labelsFor() },
          },
          'configmaps',
        );
        model.set(keyOf(created), created);
      } else if (random() < 0.5) {
        const updated = cluster.update(
          {
            ...existing,
            metadata: { ...existing.metadata, labels: labelsFor() },
          },
          'configmaps',
        );
        model.set(keyOf(updated), updated);
      } else {
        cluster.delete('v1', 'configmaps', ns, name);
        model.delete(keyOf(existing));
      }
    };

    for (let i = 0; i < 150; i++) mutate();
    let pagesChecked = 0;
    let remainingChecked = 0;
    for (let round = 0; round < 120; round++) {
      const namespace = random() < 0.3 ? undefined : pick(NAMESPACES);
      const opts: ListOptions = {
        labelSelector: pick(SELECTORS),
        fieldSelector: random() < 0.7 ? undefined : pick(FIELD_SELECTORS),
        limit: pick([1, 2, 5, 17, undefined]),
      };
      let start: string | undefined;
      let token: string | undefined;
      for (let page = 0; page < 200; page++) {
        const expected = referenceList(
          [...model.values()],
          namespace,
          opts,
          start,
        );
        const got: ListResult = core.list(cm, namespace, {
          ...opts,
          continue: token,
        });
        expect(got.items.map(keyOf)).toEqual(expected.items);
        expect(!!got.continue).toBe(expected.more);
        expect(got.remainingItemCount).toBe(expected.remaining);
        pagesChecked++;
        if (expected.remaining !== undefined) remainingChecked++;
        if (!got.continue) break;
        token = got.continue;
        start = expected.items[expected.items.length - 1];
        // Changes between pages: the next page continues after the last key, as etcd does.
        for (let i = 0; i < 3; i++) mutate();
      }
    }
    // The random walk reached the interesting cases, not only single-page answers.
    expect(pagesChecked).toBeGreaterThan(300);
    expect(remainingChecked).toBeGreaterThan(20);
  });

  it('orders cluster-scoped objects by name and keeps the resourceVersion of the first page', () => {
    const cluster = new Cluster('index-test');
    for (const ns of ['zeta', 'alpha', 'mid']) cluster.ensureNamespace(ns);
    const def = cluster.def('v1', 'namespaces');
    const first = cluster.core.list(def, undefined, { limit: 2 });
    expect(first.items.map(n => n.metadata.name)).toEqual(['alpha', 'mid']);
    expect(first.remainingItemCount).toBe(1);
    cluster.ensureNamespace('beta');
    cluster.ensureNamespace('nu');
    const second = cluster.core.list(def, undefined, {
      limit: 2,
      continue: first.continue,
    });
    // 'beta' sorts before the continue key, 'nu' after it: a later page shows only 'nu'.
    expect(second.items.map(n => n.metadata.name)).toEqual(['nu', 'zeta']);
    expect(second.resourceVersion).toBe(first.resourceVersion);
    expect(second.continue).toBeUndefined();
  });

  // The cost of such a page is a figure of `yarn bench:scale` ("sandbox: page of 50 runs of one
  // component"), not an assertion here.
  it('pages a label selector among 20,000 objects of two namespaces', () => {
    const cluster = new Cluster('index-figure');
    cluster.ensureNamespace('big');
    cluster.ensureNamespace('other');
    const cm = cluster.def('v1', 'configmaps');
    for (let i = 0; i < 20_000; i++) {
      cluster.create(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: `cm-${String(i).padStart(6, '0')}`,
            namespace: i % 10 ? 'big' : 'other',
            labels: { 'openchoreo.dev/component': `c${i % 100}` },
          },
        },
        'configmaps',
      );
    }
    // c42 is in 'big' only (42 % 10 !== 0): 200 objects, four pages of 50 in name order.
    const seen: string[] = [];
    let continueToken: string | undefined;
    do {
      const page = cluster.core.list(cm, 'big', {
        limit: 50,
        labelSelector: 'openchoreo.dev/component=c42',
        continue: continueToken,
      });
      expect(page.items.length).toBeLessThanOrEqual(50);
      for (const o of page.items) {
        expect(o.metadata.labels?.['openchoreo.dev/component']).toBe('c42');
        seen.push(String(o.metadata.name));
      }
      continueToken = page.continue;
    } while (continueToken);
    expect(seen).toHaveLength(200);
    expect(new Set(seen).size).toBe(200);
    expect([...seen].sort()).toEqual(seen);
  });
});

import { OrderedMap } from '@js-sdsl/ordered-map';
import type { KObject } from './types';

/**
 * The storage key of an object: `<namespace>/<name>` (`''` namespace for cluster-scoped types).
 * Lists come out in the order of these strings, as etcd returns
 * `/registry/<resource>/<namespace>/<name>` keys: so `a-b/x` sorts before `a/y` ('-' < '/').
 */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** A label `key=value` that every object of a selection carries. */
export interface LabelEquality {
  key: string;
  value: string;
}

/** Which stored objects a scan visits, in key order. */
export interface ScanQuery {
  /** Only this namespace's objects (all namespaces when undefined). */
  namespace?: string;
  /** Only keys strictly after this one (a continue token's start key). */
  after?: string;
  /**
   * Terms every result carries: the scan walks the smallest of their label sets instead of the
   * whole type. Candidates still have to be checked against the full selector by the caller.
   */
  labelEqualities?: readonly LabelEquality[];
}

/**
 * A sorted set of keys. `@js-sdsl/ordered-map` (a red-black tree; already in the tree through
 * `@grpc/grpc-js`) rather than a sorted array: O(log n) inserts and deletes at any position, and
 * with `enableIndex` the rank of a key in O(log n), which `remainingItemCount` needs.
 */
type KeySet = OrderedMap<string, true>;

function newKeySet(withRank: boolean): KeySet {
  return new OrderedMap<string, true>(undefined, undefined, withRank);
}

/** `[from, to)`: the keys of one namespace are `ns/…`, and `'0'` is the character after `'/'`. */
function keyRange(namespace: string | undefined): {
  from: string;
  to?: string;
} {
  return namespace === undefined
    ? { from: '' }
    : { from: `${namespace}/`, to: `${namespace}0` };
}

/**
 * The stored objects of one type, indexed for lists: every key in order (with ranks) and, per
 * label key and value, the keys of the objects carrying it. A list of `limit` objects from a
 * continue key costs O(log n + limit) instead of sorting and filtering the whole type.
 */
export class TypeIndex {
  private readonly objects = new Map<string, KObject>();
  private readonly order = newKeySet(true);
  /** label key → label value → keys of the objects with that label. */
  private readonly labels = new Map<string, Map<string, KeySet>>();

  get size(): number {
    return this.objects.size;
  }

  get(key: string): KObject | undefined {
    return this.objects.get(key);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  /** Every stored object, in no particular order. */
  values(): IterableIterator<KObject> {
    return this.objects.values();
  }

  /** Stores `obj` under `key`, keeping the indexes in step; returns the object it replaced. */
  set(key: string, obj: KObject): KObject | undefined {
    const previous = this.objects.get(key);
    this.objects.set(key, obj);
    if (!previous) this.order.setElement(key, true);
    const before = previous?.metadata.labels ?? {};
    const after = obj.metadata.labels ?? {};
    for (const [k, v] of Object.entries(before))
      if (after[k] !== v) this.unlabel(key, k, v);
    for (const [k, v] of Object.entries(after))
      if (before[k] !== v) this.label(key, k, v);
    return previous;
  }

  delete(key: string): KObject | undefined {
    const previous = this.objects.get(key);
    if (!previous) return undefined;
    this.objects.delete(key);
    this.order.eraseElementByKey(key);
    for (const [k, v] of Object.entries(previous.metadata.labels ?? {}))
      this.unlabel(key, k, v);
    return previous;
  }

  /**
   * The stored objects the query selects, in key order, lazily: a caller that stops after
   * `limit` matches pays for no more. The objects are the stored ones (copy before handing out),
   * and the store must not change while a scan is being consumed.
   */
  *scan(query: ScanQuery = {}): Generator<KObject> {
    const { from, to } = keyRange(query.namespace);
    const keys = this.candidates(query.labelEqualities);
    if (!keys) return;
    const it =
      query.after !== undefined && query.after >= from
        ? keys.upperBound(query.after)
        : keys.lowerBound(from);
    const end = keys.end();
    for (; !it.equals(end); it.next()) {
      const key = it.pointer[0];
      if (to !== undefined && key >= to) return;
      yield this.objects.get(key)!;
    }
  }

  /** How many objects of `namespace` (or of all) have a key after `after`, in O(log n). */
  countAfter(namespace: string | undefined, after: string | undefined): number {
    const { from, to } = keyRange(namespace);
    const lo =
      after !== undefined && after >= from
        ? this.order.upperBound(after)
        : this.order.lowerBound(from);
    const hi = to === undefined ? this.order.end() : this.order.lowerBound(to);
    return Math.max(0, this.rank(hi) - this.rank(lo));
  }

  /** The position of an iterator; `end()` is past the last key (js-sdsl answers size - 1 for it). */
  private rank(it: ReturnType<KeySet['end']>): number {
    return it.equals(this.order.end()) ? this.order.size() : it.index;
  }

  /** The smallest key set that holds every object the equalities allow; undefined when none can match. */
  private candidates(
    equalities: readonly LabelEquality[] | undefined,
  ): KeySet | undefined {
    let best: KeySet = this.order;
    for (const { key, value } of equalities ?? []) {
      const set = this.labels.get(key)?.get(value);
      if (!set) return undefined;
      if (set.size() < best.size()) best = set;
    }
    return best;
  }

  private label(key: string, label: string, value: string): void {
    let values = this.labels.get(label);
    if (!values) {
      values = new Map();
      this.labels.set(label, values);
    }
    let set = values.get(value);
    if (!set) {
      set = newKeySet(false);
      values.set(value, set);
    }
    set.setElement(key, true);
  }

  private unlabel(key: string, label: string, value: string): void {
    const values = this.labels.get(label);
    const set = values?.get(value);
    if (!values || !set) return;
    set.eraseElementByKey(key);
    if (set.size() === 0) values.delete(value);
    if (values.size === 0) this.labels.delete(label);
  }
}

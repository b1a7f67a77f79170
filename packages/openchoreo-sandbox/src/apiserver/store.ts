import { EventEmitter } from 'node:events';
import { objectKey, ScanQuery, TypeIndex } from './typeIndex';
import { clone, KObject } from './types';

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** `group/resource` key of the type, e.g. `openchoreo.dev/componentworkflowruns` or `/pods`. */
  gr: string;
  rv: number;
  object: KObject;
  /** The object before this change (MODIFIED / DELETED), for selector transitions. */
  previous?: KObject;
}

/** Where an object is stored: its type and storage key. */
interface Location {
  gr: string;
  key: string;
}

/**
 * In-memory object storage for one cluster. A single increasing counter gives
 * every write a resourceVersion, and a bounded history of changes lets
 * watches resume from a resourceVersion (older ones answer 410 Gone, as a
 * compacted etcd would). Each type is indexed (see {@link TypeIndex}) so lists
 * stay cheap at 100,000 objects, and uids and owner references are indexed so
 * the garbage collector finds owners and dependents without scanning.
 */
export class Store {
  private rv: number;
  private readonly data = new Map<string, TypeIndex>();
  private readonly byUid = new Map<string, Location>();
  /** owner uid → type → keys of the objects whose ownerReferences name it. */
  private readonly byOwner = new Map<string, Map<string, Set<string>>>();
  /** The kept changes are `history[historyStart…]`; the front is dropped in batches (amortized O(1) writes). */
  private history: StoreEvent[] = [];
  private historyStart = 0;
  /** Changes at or below this resourceVersion are no longer in the history. */
  private compactedRv: number;
  private readonly emitter = new EventEmitter();

  constructor(private readonly historyLimit = 20000, initialRv = 1000) {
    this.rv = initialRv;
    this.compactedRv = initialRv;
    this.emitter.setMaxListeners(0);
  }

  currentRv(): number {
    return this.rv;
  }

  oldestRv(): number {
    return this.compactedRv;
  }

  /** Forgets the change history (what etcd compaction does); used by tests of 410 Gone. */
  compact(): void {
    this.history = [];
    this.historyStart = 0;
    this.compactedRv = this.rv;
  }

  get(
    gr: string,
    namespace: string | undefined,
    name: string,
  ): KObject | undefined {
    const obj = this.data.get(gr)?.get(objectKey(namespace, name));
    return obj ? clone(obj) : undefined;
  }

  /** Whether the object exists (no copy made). */
  has(gr: string, namespace: string | undefined, name: string): boolean {
    return !!this.data.get(gr)?.has(objectKey(namespace, name));
  }

  /** All objects of a type (optionally in one namespace), sorted by namespace/name. */
  list(gr: string, namespace?: string): KObject[] {
    return [...this.scan(gr, { namespace })].map(clone);
  }

  /**
   * The stored objects a query selects, in `<namespace>/<name>` order, lazily (see
   * {@link TypeIndex.scan}). Read-only views: copy what is kept or handed out, and do not write
   * to the store while consuming the scan.
   */
  scan(gr: string, query: ScanQuery = {}): Iterable<KObject> {
    return this.data.get(gr)?.scan(query) ?? [];
  }

  /** How many objects of a type (in `namespace`, or all) sort after the key `after`, in O(log n). */
  countAfter(
    gr: string,
    namespace: string | undefined,
    after: string | undefined,
  ): number {
    return this.data.get(gr)?.countAfter(namespace, after) ?? 0;
  }

  /** The object with this uid, whatever its type. */
  findByUid(uid: string): { gr: string; object: KObject } | undefined {
    const at = this.byUid.get(uid);
    const obj = at && this.data.get(at.gr)?.get(at.key);
    return at && obj ? { gr: at.gr, object: clone(obj) } : undefined;
  }

  /** The objects of type `gr` with an ownerReference to `ownerUid`, sorted by namespace/name. */
  dependentsOf(ownerUid: string, gr: string): KObject[] {
    const keys = this.byOwner.get(ownerUid)?.get(gr);
    const index = this.data.get(gr);
    if (!keys || !index) return [];
    return [...keys]
      .sort()
      .map(key => index.get(key))
      .filter((obj): obj is KObject => !!obj)
      .map(clone);
  }

  /** Stores (creates or replaces) a copy of an object, assigning the next resourceVersion. */
  put(gr: string, obj: KObject): KObject {
    return this.putOwned(gr, clone(obj));
  }

  /**
   * Like `put`, for an object the caller hands over: a private copy nobody touches afterwards
   * (the API core's validated request), so the store keeps it without copying it again.
   */
  putOwned(gr: string, stored: KObject): KObject {
    let index = this.data.get(gr);
    if (!index) {
      index = new TypeIndex();
      this.data.set(gr, index);
    }
    const key = objectKey(stored.metadata.namespace, stored.metadata.name!);
    this.rv += 1;
    stored.metadata.resourceVersion = String(this.rv);
    const previous = index.set(key, stored);
    this.reindex({ gr, key }, previous, stored);
    this.record({
      type: previous ? 'MODIFIED' : 'ADDED',
      gr,
      rv: this.rv,
      object: stored,
      previous,
    });
    return clone(stored);
  }

  /**
   * Removes an object. The DELETED event carries `finalState` when given (the update that emptied
   * a deleting object's finalizers is never stored: the object goes straight to DELETED).
   */
  remove(
    gr: string,
    namespace: string | undefined,
    name: string,
    finalState?: KObject,
  ): KObject | undefined {
    const key = objectKey(namespace, name);
    const previous = this.data.get(gr)?.delete(key);
    if (!previous) return undefined;
    this.reindex({ gr, key }, previous, undefined);
    this.rv += 1;
    const deleted = clone(finalState ?? previous);
    deleted.metadata.resourceVersion = String(this.rv);
    this.record({
      type: 'DELETED',
      gr,
      rv: this.rv,
      object: deleted,
      previous,
    });
    return clone(deleted);
  }

  /** Drops every object of a type (used when its CRD is deleted). */
  removeAll(gr: string): void {
    for (const obj of this.list(gr))
      this.remove(gr, obj.metadata.namespace, obj.metadata.name!);
    this.data.delete(gr);
  }

  /**
   * Changes after `rv`, or `undefined` when some of them were already compacted away.
   */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    // History is sorted by rv; binary search for the first event after rv.
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** Synchronous notification of every change, in resourceVersion order. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Keeps the uid and owner indexes in step with a write (`next` undefined: removed). */
  private reindex(
    at: Location,
    previous: KObject | undefined,
    next: KObject | undefined,
  ): void {
    const oldUid = previous?.metadata.uid;
    if (oldUid && oldUid !== next?.metadata.uid) {
      const held = this.byUid.get(oldUid);
      if (held?.gr === at.gr && held.key === at.key) this.byUid.delete(oldUid);
    }
    if (next?.metadata.uid) this.byUid.set(next.metadata.uid, at);
    const owners = (obj: KObject | undefined): Set<string> =>
      new Set((obj?.metadata.ownerReferences ?? []).map(r => r.uid));
    const before = owners(previous);
    const after = owners(next);
    for (const uid of before) {
      if (after.has(uid)) continue;
      const byGr = this.byOwner.get(uid);
      const keys = byGr?.get(at.gr);
      keys?.delete(at.key);
      if (keys && !keys.size) byGr!.delete(at.gr);
      if (byGr && !byGr.size) this.byOwner.delete(uid);
    }
    for (const uid of after) {
      if (before.has(uid)) continue;
      let byGr = this.byOwner.get(uid);
      if (!byGr) {
        byGr = new Map();
        this.byOwner.set(uid, byGr);
      }
      let keys = byGr.get(at.gr);
      if (!keys) {
        keys = new Set();
        byGr.set(at.gr, keys);
      }
      keys.add(at.key);
    }
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    const kept = this.history.length - this.historyStart;
    if (kept > this.historyLimit) {
      this.historyStart += kept - this.historyLimit;
      this.compactedRv = this.history[this.historyStart - 1].rv;
      // Drop the forgotten front once it is as long as the kept part, not at every write.
      if (this.historyStart >= this.historyLimit) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
    this.emitter.emit('event', event);
  }
}

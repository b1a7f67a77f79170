import { EventEmitter } from 'node:events';
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

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * In-memory object storage for one cluster. A single increasing counter gives
 * every write a resourceVersion, and a bounded history of changes lets
 * watches resume from a resourceVersion (older ones answer 410 Gone, as a
 * compacted etcd would).
 */
export class Store {
  private rv: number;
  private readonly data = new Map<string, Map<string, KObject>>();
  private history: StoreEvent[] = [];
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

  /** All objects of a type (optionally in one namespace), sorted by namespace/name. */
  list(gr: string, namespace?: string): KObject[] {
    const bucket = this.data.get(gr);
    if (!bucket) return [];
    const keys = [...bucket.keys()].sort();
    const out: KObject[] = [];
    for (const key of keys) {
      const obj = bucket.get(key)!;
      if (namespace === undefined || obj.metadata.namespace === namespace)
        out.push(clone(obj));
    }
    return out;
  }

  /** The object with this uid, whatever its type (a scan without copying every object). */
  findByUid(uid: string): { gr: string; object: KObject } | undefined {
    for (const [gr, bucket] of this.data) {
      for (const obj of bucket.values())
        if (obj.metadata.uid === uid) return { gr, object: clone(obj) };
    }
    return undefined;
  }

  /** Stores (creates or replaces) an object, assigning the next resourceVersion. */
  put(gr: string, obj: KObject): KObject {
    let bucket = this.data.get(gr);
    if (!bucket) {
      bucket = new Map();
      this.data.set(gr, bucket);
    }
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const previous = bucket.get(key);
    this.rv += 1;
    const stored = clone(obj);
    stored.metadata.resourceVersion = String(this.rv);
    bucket.set(key, stored);
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
    const bucket = this.data.get(gr);
    const key = objectKey(namespace, name);
    const previous = bucket?.get(key);
    if (!bucket || !previous) return undefined;
    bucket.delete(key);
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
    let lo = 0;
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

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(
        0,
        this.history.length - this.historyLimit,
      );
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    this.emitter.emit('event', event);
  }
}

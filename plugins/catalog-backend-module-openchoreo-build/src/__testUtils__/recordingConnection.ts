import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/**
 * An `EntityProviderConnection` that keeps every mutation and the entities the catalog would hold
 * after them, and lets a test await the mutation it expects.
 */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  /** Entity ref → entity, as the catalog holds them after the mutations so far. */
  readonly entities = new Map<string, Entity>();
  private waiters: Array<{
    match: (m: EntityProviderMutation) => boolean;
    resolve: (m: EntityProviderMutation) => void;
  }> = [];

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push(mutation);
    if (mutation.type === 'full') {
      this.entities.clear();
      for (const { entity } of mutation.entities) {
        this.entities.set(stringifyEntityRef(entity), entity);
      }
    } else {
      for (const removed of mutation.removed) {
        this.entities.delete(
          'entityRef' in removed
            ? removed.entityRef
            : stringifyEntityRef(removed.entity),
        );
      }
      for (const { entity } of mutation.added) {
        this.entities.set(stringifyEntityRef(entity), entity);
      }
    }
    const [ready, waiting] = partition(this.waiters, w => w.match(mutation));
    this.waiters = waiting;
    for (const waiter of ready) waiter.resolve(mutation);
  }

  async refresh(): Promise<void> {}

  /** The next mutation (from now on) that `match` accepts. */
  next(
    match: (mutation: EntityProviderMutation) => boolean = () => true,
  ): Promise<EntityProviderMutation> {
    return new Promise(resolve => this.waiters.push({ match, resolve }));
  }

  refs(): string[] {
    return [...this.entities.keys()].sort();
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter(item => !test(item))];
}

/** Whether a delta mutation adds an entity with this ref. */
export function adds(ref: string) {
  return (mutation: EntityProviderMutation) =>
    mutation.type === 'delta' &&
    mutation.added.some(({ entity }) => stringifyEntityRef(entity) === ref);
}

/** Whether a delta mutation removes the entity with this ref. */
export function removes(ref: string) {
  return (mutation: EntityProviderMutation) =>
    mutation.type === 'delta' &&
    mutation.removed.some(removed =>
      'entityRef' in removed
        ? removed.entityRef === ref
        : stringifyEntityRef(removed.entity) === ref,
    );
}

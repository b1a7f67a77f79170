import type {
  RunRepository,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** At most this many distinct strings are kept; past it, new values stay the run's own copy. */
export const MAX_SHARED_STRINGS = 10_000;

/**
 * One copy of each string that repeats across an org's run summaries: the project, component and
 * workflow (and its kind), the repository's URL, branch and path, who started the run. `JSON.parse` gives every
 * object its own copy of a string value of ten characters or more (V8 shares only shorter ones),
 * so an informer holding 100,000 runs held a component's name and its repository URL 100,000
 * times. Values unique to a run (name, uid, times, commit, image) are left alone: sharing them
 * would only grow the pool. The pool is bounded (MAX_SHARED_STRINGS), and lives as long as its
 * informer's cache.
 */
export class SummaryStrings {
  private readonly pool = new Map<string, string>();

  constructor(private readonly limit = MAX_SHARED_STRINGS) {}

  /** How many distinct strings are kept (for tests). */
  get size(): number {
    return this.pool.size;
  }

  /** Replaces the summary's repeating strings, in place, by the pool's copies; returns it. */
  share(summary: RunSummary): RunSummary {
    summary.namespace = this.one(summary.namespace);
    // Only keys the summary has: adding an absent one would change the object's shape (and size).
    if (summary.project !== undefined)
      summary.project = this.one(summary.project);
    if (summary.component !== undefined)
      summary.component = this.one(summary.component);
    if (summary.workflow !== undefined)
      summary.workflow = this.one(summary.workflow);
    if (summary.workflowKind !== undefined)
      summary.workflowKind = this.one(summary.workflowKind);
    if (summary.createdBy !== undefined)
      summary.createdBy = this.one(summary.createdBy);
    this.shareRepository(summary.repository);
    if (summary.trigger?.kind === 'user')
      summary.trigger.userEntityRef = this.one(summary.trigger.userEntityRef);
    return summary;
  }

  private shareRepository(repository: RunRepository): void {
    if (repository.url !== undefined) repository.url = this.one(repository.url);
    if (repository.branch !== undefined)
      repository.branch = this.one(repository.branch);
    if (repository.appPath !== undefined)
      repository.appPath = this.one(repository.appPath);
  }

  private one<T extends string>(value: T): T {
    // The pool maps a string to its one copy: equal values, so the copy has the value's type.
    const kept = this.pool.get(value) as T | undefined;
    if (kept !== undefined) return kept;
    if (this.pool.size < this.limit) this.pool.set(value, value);
    return value;
  }
}

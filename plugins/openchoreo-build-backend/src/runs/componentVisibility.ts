import type {
  RunFilter,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { componentKey } from '../permissions/ComponentEntityIndex';

/**
 * Which runs a caller may see, decided per component: `readable` is asked about each component
 * once, when a run of it is first met (a later batch of deleted runs may bring new ones). Only
 * components the filter's owner fields allow are asked about: the others never match.
 */
export class ComponentVisibility {
  private readonly allowed = new Map<string, boolean>();

  constructor(
    private readonly filter: RunFilter,
    private readonly readable: (
      candidates: RunSummary[],
    ) => Promise<(run: RunSummary) => boolean>,
  ) {}

  async learn(runs: Iterable<RunSummary>): Promise<void> {
    const { filter } = this;
    const unknown = new Map<string, RunSummary>();
    for (const run of runs) {
      const key = componentKey(run);
      if (
        !this.allowed.has(key) &&
        !unknown.has(key) &&
        (!filter.namespace || run.namespace === filter.namespace) &&
        (!filter.project || run.project === filter.project) &&
        (!filter.component || run.component === filter.component)
      )
        unknown.set(key, run);
    }
    if (unknown.size === 0) return;
    const decide = await this.readable([...unknown.values()]);
    for (const [key, run] of unknown) this.allowed.set(key, decide(run));
  }

  readonly visible = (run: RunSummary): boolean =>
    this.allowed.get(componentKey(run)) === true;
}

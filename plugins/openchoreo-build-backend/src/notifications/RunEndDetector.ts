import {
  isTerminalRunStatus,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunInformerObserver } from '../informer/informerSupport';

/**
 * Finds the moments runs end, from what the run informers see: a run this detector saw unfinished
 * (Pending, Running) that is now finished. A run first seen finished — every finished run of the
 * first list after the backend starts, a run that started and ended while no replica watched —
 * is not a run end seen live and reports nothing. Only unfinished runs are remembered, so memory
 * follows the runs in flight, not the history.
 */
export class RunEndDetector implements RunInformerObserver {
  private readonly unfinished = new Set<string>();

  constructor(private readonly onRunEnded: (run: RunSummary) => void) {}

  onRunChanged(run: RunSummary): void {
    const key = runObjectKey(run);
    if (!isTerminalRunStatus(run.status)) {
      this.unfinished.add(key);
      return;
    }
    if (this.unfinished.delete(key)) this.onRunEnded(run);
  }

  onRunRemoved(run: RunSummary): void {
    this.unfinished.delete(runObjectKey(run));
  }

  onRunsListed(): void {
    // A run missing from a list was reported removed before (onRunRemoved).
  }
}

/** One run object: its name may be reused by a later run, the uid tells them apart. */
function runObjectKey(run: Pick<RunSummary, 'namespace' | 'name' | 'uid'>) {
  return `${run.namespace}/${run.name}/${run.uid ?? ''}`;
}

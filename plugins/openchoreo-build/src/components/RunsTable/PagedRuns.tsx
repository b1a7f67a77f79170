import { Progress } from '@backstage/core-components';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ReactNode } from 'react';
import type { RunListState } from '../../hooks/useRunList';
import { ErrorState } from '../common/ErrorState';
import { Pager } from './Pager';
import { RunsTable } from './RunsTable';

/** Props of {@link PagedRuns}. */
export interface PagedRunsProps {
  /** From {@link useRunList}. */
  runs: RunListState;
  /** Shown instead of the table when there is no run at all (not merely an empty page). */
  empty: ReactNode;
  runLink: (run: RunSummary) => string;
  /** Accessible name of the table. */
  caption: string;
  /** Adds the project / component columns (lists across components). */
  showOwner?: boolean;
}

/** A paged, live run list: loading → error (with retry) → empty → the table with its pager. */
export const PagedRuns = ({
  runs,
  empty,
  runLink,
  caption,
  showOwner,
}: PagedRunsProps) => {
  if (runs.loading) return <Progress />;
  if (runs.error) return <ErrorState error={runs.error} retry={runs.retry} />;
  const { value } = runs;
  if (!value) return null;
  // An empty page between others still gets its pager, so the user can move on.
  if (value.items.length === 0 && !value.hasNext && !value.hasPrevious)
    return <>{empty}</>;
  return (
    <>
      <RunsTable
        runs={value.items}
        runLink={runLink}
        showOwner={showOwner}
        caption={caption}
      />
      <Pager
        page={value.page}
        hasNext={value.hasNext}
        hasPrevious={value.hasPrevious}
        onNext={runs.nextPage}
        onPrevious={runs.previousPage}
      />
    </>
  );
};

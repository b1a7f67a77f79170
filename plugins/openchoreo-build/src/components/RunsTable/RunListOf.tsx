import type { RunFilter } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ReactNode } from 'react';
import { useRunList, type RunListState } from '../../hooks/useRunList';

const ignore = () => {};

/** The list state shown while the filter is not known yet, or could not be made. */
function waitingList(
  error: Error | undefined,
  retry: () => void,
): RunListState {
  return {
    loading: !error,
    error,
    retry,
    nextPage: ignore,
    previousPage: ignore,
    addRun: ignore,
    live: { state: 'connecting' },
  };
}

const LoadedRunList = (props: {
  filter: RunFilter;
  pageSize: number;
  children: (runs: RunListState) => ReactNode;
}) => {
  const runs = useRunList(props.filter, props.pageSize);
  return <>{props.children(runs)}</>;
};

/**
 * The runs of `filter` (`useRunList`), handed to `children`. While the filter is not known yet
 * (e.g. "mine" waits for the signed-in user) `children` gets a loading list, or `error` with
 * `retry`: nothing is requested before the filter is complete.
 */
export const RunListOf = (props: {
  filter: RunFilter | undefined;
  pageSize: number;
  error?: Error;
  retry: () => void;
  children: (runs: RunListState) => ReactNode;
}) =>
  props.filter ? (
    <LoadedRunList filter={props.filter} pageSize={props.pageSize}>
      {props.children}
    </LoadedRunList>
  ) : (
    <>{props.children(waitingList(props.error, props.retry))}</>
  );

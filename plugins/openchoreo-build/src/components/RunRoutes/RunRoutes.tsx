import {
  useRouteRef,
  type RouteRef,
  type SubRouteRef,
} from '@backstage/core-plugin-api';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ReactElement } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import { RunPage } from '../RunPage';

/** Makes the link to a run's page. */
export type RunLink = (run: Pick<RunSummary, 'namespace' | 'name'>) => string;

/** The link maker of a run sub-route ref (`…/runs/:namespace/:name`). */
export function useRunLink(
  runRoute: SubRouteRef<{ namespace: string; name: string }>,
): RunLink {
  const route = useRouteRef(runRoute);
  return run => route({ namespace: run.namespace, name: run.name });
}

/** Props of {@link RunRoutes}. */
export interface RunRoutesProps {
  /** The list view, given the link maker of its runs. */
  list: (runLink: RunLink) => ReactElement;
  /** The sub-route ref of run pages below this view. */
  runRoute: SubRouteRef<{ namespace: string; name: string }>;
  /**
   * The run page's route relative to where this view is mounted (the same place `runRoute`
   * resolves to: `runs/:namespace/:name` in the entity tab, `:namespace/:name` in the Runs tab).
   */
  runPath: string;
  /** Where a run page's back link goes. */
  backRoute: RouteRef;
  backLabel: string;
}

const RunRoute = (props: {
  runLink: RunLink;
  backLink: string;
  backLabel: string;
}) => {
  const { namespace = '', name = '' } = useParams();
  return (
    <RunPage
      key={`${namespace}/${name}`}
      namespace={namespace}
      name={name}
      backLink={props.backLink}
      backLabel={props.backLabel}
      runLink={props.runLink}
    />
  );
};

/**
 * A list view at the mount path and run pages below it (deep-linkable, in the Builds page and in
 * the entity tab alike). Links come from route refs, so they are right wherever the app mounts
 * the view.
 */
export const RunRoutes = (props: RunRoutesProps) => {
  const runLink = useRunLink(props.runRoute);
  const backLink = useRouteRef(props.backRoute)();
  return (
    <Routes>
      <Route path="/" element={props.list(runLink)} />
      <Route
        path={props.runPath}
        element={
          <RunRoute
            runLink={runLink}
            backLink={backLink}
            backLabel={props.backLabel}
          />
        }
      />
    </Routes>
  );
};

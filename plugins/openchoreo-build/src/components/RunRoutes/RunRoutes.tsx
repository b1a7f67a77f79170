import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ReactElement } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import { useBasePath } from '../common/useBasePath';
import { RunPage } from '../RunPage';

/** Links of runs below a base path: `<base>/runs/<namespace>/<name>`. */
export function runPath(
  base: string,
  run: Pick<RunSummary, 'namespace' | 'name'>,
): string {
  return `${base.replace(/\/+$/, '')}/runs/${encodeURIComponent(
    run.namespace,
  )}/${encodeURIComponent(run.name)}`;
}

const RunRoute = (props: { base: string; backLabel: string }) => {
  const { namespace = '', name = '' } = useParams();
  return (
    <RunPage
      key={`${namespace}/${name}`}
      namespace={namespace}
      name={name}
      backLink={props.base}
      backLabel={props.backLabel}
      runLink={run => runPath(props.base, run)}
    />
  );
};

/**
 * A list view at the mount path and run pages at `runs/:namespace/:name` below it (deep-linkable,
 * in the Builds page and in the entity tab alike).
 */
export const RunRoutes = (props: {
  list: (
    runLink: (run: Pick<RunSummary, 'namespace' | 'name'>) => string,
  ) => ReactElement;
  backLabel: string;
}) => {
  const base = useBasePath();
  return (
    <Routes>
      <Route path="/" element={props.list(run => runPath(base, run))} />
      <Route
        path="runs/:namespace/:name"
        element={<RunRoute base={base} backLabel={props.backLabel} />}
      />
    </Routes>
  );
};

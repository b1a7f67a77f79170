import { useLocation, useParams } from 'react-router-dom';

/** The sub-route below a list view: `runs/:namespace/:name`. */
const RUN_SUFFIX = /\/runs\/[^/]+\/[^/]+\/?$/;

/**
 * The path this plugin's view is mounted at (the current path without its splat part, or without
 * a trailing `runs/:namespace/:name`), so links to sub-routes work wherever the app mounts it
 * (sidebar page or entity tab).
 */
export function useBasePath(): string {
  const { pathname } = useLocation();
  const splat = useParams()['*'];
  let base = pathname;
  if (splat && pathname.endsWith(splat))
    base = pathname.slice(0, -splat.length);
  else base = pathname.replace(RUN_SUFFIX, '');
  return base.replace(/\/+$/, '') || '/';
}

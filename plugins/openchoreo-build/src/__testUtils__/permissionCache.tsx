import type { ComponentType, ReactNode } from 'react';

/*
 * usePermission (@backstage/plugin-permission-react) keeps its decisions in SWR's global cache,
 * which lives as long as the test file, and reuses a request made less than 2 s before: a test
 * that denies what an earlier test allowed would see the earlier answer. Each render gets its own
 * cache instead, from the very SWR instance usePermission uses (resolved from that package, which
 * depends on it; this package does not).
 */
const permissionReactDir = require
  .resolve('@backstage/plugin-permission-react/package.json')
  .replace(/package\.json$/, '');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SWRConfig } = require(require.resolve('swr', {
  paths: [permissionReactDir],
})) as {
  SWRConfig: ComponentType<{
    value: { provider: () => Map<unknown, unknown> };
    children: ReactNode;
  }>;
};

/** Renders `children` with a permission cache of their own (see above). */
export const FreshPermissionCache = ({ children }: { children: ReactNode }) => (
  <SWRConfig value={{ provider: () => new Map() }}>{children}</SWRConfig>
);

import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useEffect, useState } from 'react';
import { openChoreoBuildApiRef } from '../api';

/**
 * The organizations (namespaces) the portal shows, for filter menus: `openchoreo.build.namespaces`
 * when the frontend can see it, else the namespaces of the backend's BuildPlanes (every org has
 * one), plus `current` so a value taken from the URL is always selectable.
 */
export function useConfiguredNamespaces(current?: string): string[] {
  const config = useApi(configApiRef);
  const api = useApi(openChoreoBuildApiRef);
  const configured =
    config.getOptionalStringArray('openchoreo.build.namespaces') ?? [];
  const [discovered, setDiscovered] = useState<string[]>([]);
  const needDiscovery = configured.length === 0;

  useEffect(() => {
    if (!needDiscovery) return undefined;
    let cancelled = false;
    api
      .listBuildPlanes()
      .then(planes => {
        if (!cancelled)
          setDiscovered([...new Set(planes.items.map(p => p.namespace))]);
      })
      .catch(() => {
        // Without it the menu offers "all" and the value from the URL.
      });
    return () => {
      cancelled = true;
    };
  }, [api, needDiscovery]);

  const known = configured.length > 0 ? configured : discovered;
  return current && !known.includes(current) ? [...known, current] : known;
}

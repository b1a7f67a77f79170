import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  getOpenChoreoComponentRef,
  OPENCHOREO_ANNOTATIONS,
  type RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useEffect, useMemo, useState } from 'react';

/** The catalog entities of one OpenChoreo component. */
export interface ComponentEntities {
  /** The entity that claims the component (its three `openchoreo.io/*` annotations). */
  component: string;
  /** The system it is part of (`spec.system`): the project's entity. */
  system?: string;
}

/** `namespace/project/component`: how runs and entities are matched. */
export function componentKey(c: {
  namespace: string;
  project?: string;
  component?: string;
}): string {
  return `${c.namespace}/${c.project ?? ''}/${c.component ?? ''}`;
}

/** The system an entity's `spec.system` names, as a full ref; undefined when it names none. */
function systemRefOf(spec: unknown, namespace: string): string | undefined {
  const system = (spec as { system?: unknown } | undefined)?.system;
  if (typeof system !== 'string' || system === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The catalog entities of the runs' components, by {@link componentKey}: the entity that claims a
 * component by its annotations (whatever its name: the catalog module names it
 * `component:<org>/<component>`, a hand-written entity may not), and its system. One catalog query
 * per set of components; the rule for two claimants is the backend's (the first in ref order).
 * Without a catalog, or when it cannot be read, the map is empty and the names stay plain text.
 */
export function useComponentEntities(
  runs: readonly RunSummary[],
): ReadonlyMap<string, ComponentEntities> {
  const catalogApi = useApiHolder().get(catalogApiRef);
  const names = useMemo(
    () =>
      [...new Set(runs.flatMap(run => (run.component ? [run.component] : [])))]
        .sort()
        .join('\n'),
    [runs],
  );
  const [entities, setEntities] = useState<
    ReadonlyMap<string, ComponentEntities>
  >(new Map());

  useEffect(() => {
    if (!catalogApi || names === '') return undefined;
    let cancelled = false;
    catalogApi
      .getEntities({
        filter: {
          [`metadata.annotations.${OPENCHOREO_ANNOTATIONS.component}`]:
            names.split('\n'),
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.system',
        ],
      })
      .then(({ items }) => {
        const found = new Map<string, ComponentEntities>();
        for (const entity of items) {
          const claimed = getOpenChoreoComponentRef(entity);
          if (!claimed) continue;
          const key = componentKey(claimed);
          const component = stringifyEntityRef(entity);
          const existing = found.get(key);
          if (existing && existing.component < component) continue;
          found.set(key, {
            component,
            system: systemRefOf(
              entity.spec,
              entity.metadata.namespace ?? 'default',
            ),
          });
        }
        if (!cancelled) setEntities(found);
      })
      .catch(() => {
        // The list stays useful without links: names are shown as plain text.
      });
    return () => {
      cancelled = true;
    };
  }, [catalogApi, names]);

  return entities;
}

import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { toOwnerRef, type OwnerSources } from '../mapping/owners';

/** `openchoreo.build.catalog` (see config.d.ts and docs/configuration.md), defaults applied. */
export interface CatalogProviderConfig extends OwnerSources {
  /** `spec.lifecycle` of Components without an `openchoreo.dev/lifecycle` annotation. */
  lifecycle: string;
  /** The full refresh. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export const DEFAULT_OWNER_KEY = 'openchoreo.dev/owner';
/**
 * A group that should not exist: entities nobody labelled are then owned by no one, so only the
 * platform group may act on their builds (a real group here would hand them all to its members).
 */
export const DEFAULT_OWNER = 'group:default/openchoreo-unowned';
export const DEFAULT_LIFECYCLE = 'production';
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 2 },
};

const KEY = 'openchoreo.build.catalog';
/** What Backstage shows as a lifecycle: a word, not free text from a cluster. */
export const LIFECYCLE_PATTERN = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/;

function ownerRefOrThrow(key: string, value: string): string {
  const ref = toOwnerRef(value);
  if (!ref) {
    throw new InputError(
      `${KEY}.${key}: "${value}" is not a group or user entity ref; write e.g. group:default/platform-team`,
    );
  }
  return ref;
}

export function readCatalogProviderConfig(root: Config): CatalogProviderConfig {
  const catalog = root.getOptionalConfig(KEY);
  const ownerKey = catalog?.getOptionalString('ownerKey') ?? DEFAULT_OWNER_KEY;
  if (ownerKey.trim() === '') {
    throw new InputError(
      `${KEY}.ownerKey: must name a label or annotation, e.g. ${DEFAULT_OWNER_KEY}`,
    );
  }
  const owners = catalog?.getOptionalConfig('defaultOwners');
  const defaultOwners: Record<string, string> = {};
  for (const organization of owners?.keys() ?? []) {
    defaultOwners[organization] = ownerRefOrThrow(
      `defaultOwners.${organization}`,
      owners!.getString(organization),
    );
  }
  const lifecycle =
    catalog?.getOptionalString('lifecycle') ?? DEFAULT_LIFECYCLE;
  if (!LIFECYCLE_PATTERN.test(lifecycle)) {
    throw new InputError(
      `${KEY}.lifecycle: "${lifecycle}" is not a lifecycle; use a word such as production or experimental`,
    );
  }
  return {
    ownerKey: ownerKey.trim(),
    defaultOwners,
    defaultOwner: ownerRefOrThrow(
      'defaultOwner',
      catalog?.getOptionalString('defaultOwner') ?? DEFAULT_OWNER,
    ),
    lifecycle,
    schedule: catalog?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          catalog.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
  };
}

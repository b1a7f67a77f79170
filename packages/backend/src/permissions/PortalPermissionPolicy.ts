import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  RESOURCE_TYPE_CATALOG_ENTITY,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildBuildPlaneReadPermission,
  openchoreoBuildHolosPlanReadPermission,
  openchoreoBuildHolosValidatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  openchoreoBuildWorkflowReadPermission,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** Who may read the runs (and logs, events, Holos plans) of a component they do not own. */
export type ReadRunsPolicy = 'all' | 'owners';
/** Who may see the platform views: build planes and workflows. */
export type PlatformViewsPolicy = 'platform' | 'all';

/** The policy's settings, under `openchoreo.build.permissions` (see packages/backend/config.d.ts). */
export interface PortalPolicyOptions {
  /** Full group refs (`group:default/platform-team`); members may do everything. */
  platformGroups: string[];
  readRuns: ReadRunsPolicy;
  platformViews: PlatformViewsPolicy;
}

/** The entity refs a signed-in user acts as: the user and (transitively) their groups. */
export type OwnershipResolver = (user: PolicyQueryUser) => Promise<string[]>;

const OPENCHOREO_PREFIX = 'openchoreo.build.';

/** Permissions an owner of a component gets on it. */
const OWNER_ACTIONS: Permission[] = [
  openchoreoBuildRunReadPermission,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildAutoBuildUpdatePermission,
];

/** Registering and unregistering catalog content is the platform team's job. */
const PLATFORM_ONLY_CATALOG: Permission[] = [
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
];

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

function normalizeGroupRef(ref: string): string {
  // Ownership refs are lower case (as the catalog writes them).
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

function oneOf<T extends string>(
  config: Config,
  key: string,
  values: readonly T[],
  fallback: T,
): T {
  const value = config.getOptionalString(key);
  if (value === undefined) return fallback;
  const found = values.find(v => v === value);
  if (!found) {
    throw new Error(`${key}: "${value}" is not one of ${values.join(', ')}`);
  }
  return found;
}

/**
 * Reads `openchoreo.build.permissions.{platformGroup,readRuns,platformViews}`. Without a
 * platform group nobody gets the platform rights: a misconfiguration denies, never allows.
 */
export function readPortalPolicyOptions(root: Config): PortalPolicyOptions {
  const key = 'openchoreo.build.permissions';
  const config = root.getOptionalConfig(key);
  const raw = config?.getOptional('platformGroup');
  let groups: string[] = [];
  if (typeof raw === 'string') groups = [raw];
  else if (Array.isArray(raw)) groups = config!.getStringArray('platformGroup');
  else if (raw !== undefined) {
    throw new Error(
      `${key}.platformGroup must be a group entity ref or a list of them`,
    );
  }
  return {
    platformGroups: groups.map(normalizeGroupRef),
    readRuns: config
      ? oneOf<ReadRunsPolicy>(config, 'readRuns', ['all', 'owners'], 'all')
      : 'all',
    platformViews: config
      ? oneOf<PlatformViewsPolicy>(
          config,
          'platformViews',
          ['platform', 'all'],
          'platform',
        )
      : 'platform',
  };
}

/**
 * The portal's permission policy.
 *
 * - Members of a platform group may do everything.
 * - `openchoreo.build.*`: owners of a component (its `spec.owner`, directly or through their
 *   groups) may read its runs, start and cancel builds and switch auto-build; every signed-in user
 *   may read all runs unless `readRuns: owners`; build planes and workflows are for the platform
 *   group unless `platformViews: all`. An entity's Holos plans are read like its runs (they are
 *   read from its source with the backend's credentials, so `readRuns: owners` keeps them to
 *   owners too); validating pasted plans reads nothing and is open to every signed-in user. Any
 *   other `openchoreo.build.*` permission is denied.
 * - Catalog: everyone reads; owners may refresh their entities; creating, registering, deleting
 *   and unregistering is for the platform group.
 * - Anything else: read actions are allowed, everything else is denied (deny by default).
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  private readonly platformGroups: ReadonlySet<string>;

  constructor(
    private readonly options: PortalPolicyOptions,
    private readonly ownershipOf: OwnershipResolver = async user =>
      user.info.ownershipEntityRefs,
  ) {
    this.platformGroups = new Set(options.platformGroups);
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Only users reach the policy (service calls are allowed by the framework); without a user
    // there is nobody to grant anything to.
    if (!user) return deny;
    const { permission } = request;
    const claims = await this.ownershipOf(user);
    if (claims.some(ref => this.platformGroups.has(ref))) return allow;

    const ownerOnly = () =>
      isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
        ? createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({ claims }),
          )
        : // A basic variant cannot be scoped to a component: only the platform group gets it.
          deny;

    if (permission.name.startsWith(OPENCHOREO_PREFIX)) {
      if (
        isPermission(permission, openchoreoBuildRunReadPermission) ||
        isPermission(permission, openchoreoBuildHolosPlanReadPermission)
      ) {
        return this.options.readRuns === 'all' ? allow : ownerOnly();
      }
      if (isPermission(permission, openchoreoBuildHolosValidatePermission)) {
        return allow;
      }
      if (OWNER_ACTIONS.some(p => isPermission(permission, p))) {
        return ownerOnly();
      }
      if (
        isPermission(permission, openchoreoBuildBuildPlaneReadPermission) ||
        isPermission(permission, openchoreoBuildWorkflowReadPermission)
      ) {
        return this.options.platformViews === 'all' ? allow : deny;
      }
      return deny;
    }

    if (PLATFORM_ONLY_CATALOG.some(p => isPermission(permission, p))) {
      return deny;
    }
    if (isPermission(permission, catalogEntityRefreshPermission)) {
      return ownerOnly();
    }
    if (permission.attributes.action === 'read') return allow;
    return deny;
  }
}

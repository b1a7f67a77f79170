import { usePermission } from '@backstage/plugin-permission-react';
import type { OpenChoreoBuildTranslate } from '../translation';

// The permission types, as usePermission takes them (no dependency on -permission-common here).
type PermissionInput = Parameters<typeof usePermission>[0];
type Permission = PermissionInput['permission'];
/** A permission decided on a catalog entity (resourceType `catalog-entity`). */
type EntityPermission = Extract<
  PermissionInput,
  { resourceRef: string | undefined }
>['permission'] & {
  resourceType: 'catalog-entity';
};
/** A permission without a resource. */
type BasicPermission = Extract<
  PermissionInput,
  { resourceRef?: never }
>['permission'];

/**
 * The signed-in user's answer for one permission, as the backend will decide it: for a
 * component's builds on the catalog entity that claims the component, for the platform views
 * (build planes, workflows) without a resource.
 */
export interface PermissionCheck {
  /** The permission asked about. */
  permission: Permission;
  /** True until the permission framework has answered. */
  loading: boolean;
  allowed: boolean;
  /** The permission framework could not answer. */
  error?: Error;
  /** The catalog entity the permission was decided on (resource permissions only). */
  entityRef?: string;
  /**
   * No catalog entity claims the component (annotations openchoreo.io/namespace, /project,
   * /component): nobody can be granted a permission on it through its owner.
   */
  unclaimed?: boolean;
}

/**
 * A permission on one component's builds (run.read/create/cancel, autobuild.update), decided on
 * the catalog entity that claims the component — as the backend decides it. `entityRef` is that
 * entity's ref (`stringifyEntityRef`); `undefined` means no entity claims the component (e.g. a
 * run detail without `entityRef`), which is never allowed.
 */
export function useComponentPermission(
  permission: EntityPermission,
  entityRef: string | undefined,
): PermissionCheck {
  // Hooks run in the same order on every render, so usePermission is always called; without an
  // entity its answer is not used (depending on the version it denies or stays loading forever).
  const result = usePermission({ permission, resourceRef: entityRef });
  if (entityRef === undefined) {
    return { permission, loading: false, allowed: false, unclaimed: true };
  }
  return {
    permission,
    loading: result.loading,
    allowed: result.allowed,
    error: result.error,
    entityRef,
  };
}

/** A permission of the platform views (build planes, workflows): no resource. */
export function usePlatformPermission(
  permission: BasicPermission,
): PermissionCheck {
  const result = usePermission({ permission });
  return {
    permission,
    loading: result.loading,
    allowed: result.allowed,
    error: result.error,
  };
}

/**
 * Why an action is not possible, for a disabled button's tooltip and caption, in the user's
 * language (`t`, texts under `permissions`); undefined when it is allowed. `action` completes
 * "You are not allowed to …", e.g. `t('permissions.actions.startBuilds')` ("start builds of this
 * component").
 */
export function deniedReason(
  t: OpenChoreoBuildTranslate,
  check: PermissionCheck,
  action: string,
): string | undefined {
  const permission = check.permission.name;
  if (check.unclaimed)
    return t('permissions.unclaimed', { action, permission });
  if (check.loading) return t('permissions.checking');
  if (check.error) {
    return t('permissions.checkFailed', {
      action,
      permission,
      message: check.error.message,
    });
  }
  if (check.allowed) return undefined;
  return check.entityRef
    ? t('permissions.deniedOn', {
        action,
        permission,
        entityRef: check.entityRef,
      })
    : t('permissions.denied', { action, permission });
}

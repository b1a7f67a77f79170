import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
  type PolicyDecision,
  type QueryPermissionRequest,
} from '@backstage/plugin-permission-common';

/**
 * A permissions service that allows exactly the named permissions (on any entity) and denies
 * the rest, for tests that need "may read but not update".
 */
export function permissionsAllowing(names: readonly string[]) {
  const decide = (name: string) =>
    names.includes(name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
  return mockServices.permissions.mock({
    authorize: async (requests: AuthorizePermissionRequest[]) =>
      requests.map(r => ({ result: decide(r.permission.name) })),
    authorizeConditional: async (
      requests: QueryPermissionRequest[],
    ): Promise<PolicyDecision[]> =>
      requests.map(r =>
        decide(r.permission.name) === AuthorizeResult.ALLOW
          ? { result: AuthorizeResult.ALLOW }
          : { result: AuthorizeResult.DENY },
      ),
  }).factory;
}

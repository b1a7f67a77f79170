import { mockApis } from '@backstage/frontend-test-utils';

// AuthorizeResult without a dependency on @backstage/plugin-permission-common.
type AuthorizeOption = NonNullable<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
>;
type Decision = Exclude<AuthorizeOption, (...args: never[]) => unknown>;
type AuthorizeRequest = Parameters<
  Extract<AuthorizeOption, (...args: never[]) => unknown>
>[0];
const ALLOW = 'ALLOW' as unknown as Decision;
const DENY = 'DENY' as unknown as Decision;

/** One permission request as the frontend made it: the permission's name and its resource. */
export interface PermissionAsked {
  permission: string;
  resourceRef?: string;
}

/** A permission API for `renderInTestApp`'s `apis`, with the requests it answered. */
export type PermissionApiMock = ReturnType<typeof mockApis.permission> & {
  asked: PermissionAsked[];
};

/**
 * A permission API (`mockApis.permission`) deciding with `allow(permission name, resource ref)`
 * (everything allowed by default); `asked` records every request.
 */
export function mockPermissionApi(
  allow: (
    permission: string,
    resourceRef: string | undefined,
  ) => boolean = () => true,
): PermissionApiMock {
  const asked: PermissionAsked[] = [];
  const api = mockApis.permission({
    authorize: (request: AuthorizeRequest) => {
      const resourceRef =
        'resourceRef' in request ? request.resourceRef : undefined;
      asked.push({ permission: request.permission.name, resourceRef });
      return allow(request.permission.name, resourceRef) ? ALLOW : DENY;
    },
  });
  return Object.assign(api, { asked });
}

/** Denies the named permissions (on every resource), allows the rest. */
export function denying(...names: string[]): PermissionApiMock {
  return mockPermissionApi(name => !names.includes(name));
}

/** A permission API that never answers: the UI stays in "checking". */
export function pendingPermissionApi() {
  return mockApis.permission.mock({ authorize: () => new Promise(() => {}) });
}

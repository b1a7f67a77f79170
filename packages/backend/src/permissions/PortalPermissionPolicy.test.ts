import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildBuildPlaneReadPermission,
  openchoreoBuildHolosPlanReadPermission,
  openchoreoBuildHolosValidatePermission,
  openchoreoBuildPermissions,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  openchoreoBuildWorkflowReadPermission,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  PortalPermissionPolicy,
  readPortalPolicyOptions,
  type PortalPolicyOptions,
} from './PortalPermissionPolicy';

const PLATFORM = 'group:default/platform-team';

/** A signed-in user; their ownership refs are the user and `groups`. */
function user(name: string, groups: string[]): PolicyQueryUser {
  const userEntityRef = `user:default/${name}`;
  return {
    credentials: {
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef },
    },
    info: {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groups],
    },
  } as PolicyQueryUser;
}

const owner = user('ada', ['group:default/app-developers']);
const platformMember = user('pat', [PLATFORM]);
const other = user('olga', ['group:default/data-team']);

const defaults: PortalPolicyOptions = {
  platformGroups: [PLATFORM],
  readRuns: 'all',
  platformViews: 'platform',
};

const decide = (
  permission: Permission,
  who: PolicyQueryUser | undefined,
  options: Partial<PortalPolicyOptions> = {},
): Promise<PolicyDecision> =>
  new PortalPermissionPolicy({ ...defaults, ...options }).handle(
    { permission },
    who,
  );

/** The conditional decision "allowed if the entity is owned by one of `claims`". */
const ownedBy = (who: PolicyQueryUser) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: who.info.ownershipEntityRefs },
  },
});

const ALLOW = { result: AuthorizeResult.ALLOW };
const DENY = { result: AuthorizeResult.DENY };

describe('PortalPermissionPolicy', () => {
  describe('openchoreo.build.* with the defaults (readRuns: all, platformViews: platform)', () => {
    // What each kind of user gets: `owner` is the catalog condition "the entity is owned by one of
    // your refs" (true on components the user's groups own, false elsewhere); owner and "other"
    // differ only in their ownership refs.
    type Cell = 'owner' | 'allow' | 'deny';
    const expected = (cell: Cell, who: PolicyQueryUser) =>
      ({ owner: () => ownedBy(who), allow: () => ALLOW, deny: () => DENY }[
        cell
      ]());
    // permission × (a user of the owning group, a platform member, any other signed-in user)
    const table: Array<[string, Permission, Cell, Cell, Cell]> = [
      ['run.read', openchoreoBuildRunReadPermission, 'allow', 'allow', 'allow'],
      [
        'run.create',
        openchoreoBuildRunCreatePermission,
        'owner',
        'allow',
        'owner',
      ],
      [
        'run.cancel',
        openchoreoBuildRunCancelPermission,
        'owner',
        'allow',
        'owner',
      ],
      [
        'autobuild.update',
        openchoreoBuildAutoBuildUpdatePermission,
        'owner',
        'allow',
        'owner',
      ],
      [
        'buildplane.read',
        openchoreoBuildBuildPlaneReadPermission,
        'deny',
        'allow',
        'deny',
      ],
      [
        'workflow.read',
        openchoreoBuildWorkflowReadPermission,
        'deny',
        'allow',
        'deny',
      ],
      [
        'holos.plan.read',
        openchoreoBuildHolosPlanReadPermission,
        'allow',
        'allow',
        'allow',
      ],
      [
        'holos.validate',
        openchoreoBuildHolosValidatePermission,
        'allow',
        'allow',
        'allow',
      ],
    ];

    it('covers every permission the plugins define', () => {
      expect(table.map(row => row[1].name).sort()).toEqual(
        openchoreoBuildPermissions.map(p => p.name).sort(),
      );
    });

    it.each(table)(
      '%s',
      async (_, permission, forOwner, forPlatform, forOther) => {
        expect(await decide(permission, owner)).toEqual(
          expected(forOwner, owner),
        );
        expect(await decide(permission, platformMember)).toEqual(
          expected(forPlatform, platformMember),
        );
        expect(await decide(permission, other)).toEqual(
          expected(forOther, other),
        );
      },
    );
  });

  it.each([
    ['runs', openchoreoBuildRunReadPermission],
    ['Holos plans', openchoreoBuildHolosPlanReadPermission],
  ])(
    'readRuns: owners limits reading %s to owners and the platform group',
    async (_, permission) => {
      const options = { readRuns: 'owners' as const };
      expect(await decide(permission, owner, options)).toEqual(ownedBy(owner));
      expect(await decide(permission, other, options)).toEqual(ownedBy(other));
      expect(await decide(permission, platformMember, options)).toEqual(ALLOW);
    },
  );

  it('lets every signed-in user validate Holos plans, whatever readRuns and platformViews say', async () => {
    expect(
      await decide(openchoreoBuildHolosValidatePermission, other, {
        readRuns: 'owners',
        platformViews: 'platform',
      }),
    ).toEqual(ALLOW);
    expect(
      await decide(openchoreoBuildHolosValidatePermission, undefined),
    ).toEqual(DENY);
  });

  it('platformViews: all lets every signed-in user see build planes and workflows', async () => {
    for (const permission of [
      openchoreoBuildBuildPlaneReadPermission,
      openchoreoBuildWorkflowReadPermission,
    ]) {
      expect(await decide(permission, other, { platformViews: 'all' })).toEqual(
        ALLOW,
      );
    }
  });

  it('denies the basic (unscoped) variant of an owner permission to non-platform users', async () => {
    const basicCreate = createPermission({
      name: 'openchoreo.build.run.create',
      attributes: { action: 'create' },
    });
    expect(await decide(basicCreate, owner)).toEqual(DENY);
    expect(await decide(basicCreate, platformMember)).toEqual(ALLOW);
  });

  it('denies an unknown openchoreo.build permission, even a read', async () => {
    const unknown = createPermission({
      name: 'openchoreo.build.secret.read',
      attributes: { action: 'read' },
    });
    expect(await decide(unknown, owner)).toEqual(DENY);
    expect(await decide(unknown, platformMember)).toEqual(ALLOW);
  });

  it('denies everything without a user', async () => {
    expect(await decide(catalogEntityReadPermission, undefined)).toEqual(DENY);
    expect(await decide(openchoreoBuildRunReadPermission, undefined)).toEqual(
      DENY,
    );
  });

  it('denies everything when no platform group is configured and the user owns nothing', async () => {
    expect(
      await decide(openchoreoBuildBuildPlaneReadPermission, platformMember, {
        platformGroups: [],
      }),
    ).toEqual(DENY);
  });

  describe('catalog and other permissions', () => {
    it('lets everyone read the catalog', async () => {
      for (const who of [owner, platformMember, other]) {
        expect(await decide(catalogEntityReadPermission, who)).toEqual(ALLOW);
      }
    });

    it('keeps registering and unregistering for the platform group', async () => {
      for (const permission of [
        catalogEntityDeletePermission,
        catalogLocationCreatePermission,
        catalogLocationDeletePermission,
      ]) {
        expect(await decide(permission, owner)).toEqual(DENY);
        expect(await decide(permission, other)).toEqual(DENY);
        expect(await decide(permission, platformMember)).toEqual(ALLOW);
      }
    });

    it('lets owners refresh their entities', async () => {
      expect(await decide(catalogEntityRefreshPermission, owner)).toEqual(
        ownedBy(owner),
      );
    });

    it('allows unknown read permissions and denies unknown others', async () => {
      const read = createPermission({
        name: 'x.thing.read',
        attributes: { action: 'read' },
      });
      const write = createPermission({
        name: 'x.thing.update',
        attributes: { action: 'update' },
      });
      expect(await decide(read, other)).toEqual(ALLOW);
      expect(await decide(write, other)).toEqual(DENY);
      expect(await decide(write, platformMember)).toEqual(ALLOW);
    });
  });

  it('asks the ownership resolver, not the deprecated user info, when given one', async () => {
    const policy = new PortalPermissionPolicy(defaults, async () => [PLATFORM]);
    expect(
      await policy.handle(
        { permission: openchoreoBuildWorkflowReadPermission },
        other,
      ),
    ).toEqual(ALLOW);
  });
});

describe('readPortalPolicyOptions', () => {
  const read = (permissions?: object) =>
    readPortalPolicyOptions(
      new ConfigReader(
        permissions ? { openchoreo: { build: { permissions } } } : {},
      ),
    );

  it('defaults to no platform group, readRuns all, platformViews platform', () => {
    expect(read()).toEqual({
      platformGroups: [],
      readRuns: 'all',
      platformViews: 'platform',
    });
  });

  it('normalizes group refs and accepts a list', () => {
    expect(read({ platformGroup: 'Platform-Team' }).platformGroups).toEqual([
      'group:default/platform-team',
    ]);
    expect(
      read({ platformGroup: ['group:default/a', 'group:ops/b'] })
        .platformGroups,
    ).toEqual(['group:default/a', 'group:ops/b']);
  });

  it('reads readRuns and platformViews and rejects unknown values', () => {
    expect(read({ readRuns: 'owners', platformViews: 'all' })).toMatchObject({
      readRuns: 'owners',
      platformViews: 'all',
    });
    expect(() => read({ readRuns: 'nobody' })).toThrow(/readRuns: "nobody"/);
    expect(() => read({ platformViews: 'x' })).toThrow(/platformViews/);
  });
});

import { mockCredentials } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
  type AuthorizePermissionRequest,
  type PolicyDecision,
  type QueryPermissionRequest,
} from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import {
  BuildAuthorizer,
  createStreamGuard,
  type UnclaimedComponentPolicy,
} from './BuildAuthorizer';
import { ComponentEntityIndex } from './ComponentEntityIndex';

const runRead = createPermission({
  name: 'openchoreo.build.run.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const planeRead = createPermission({
  name: 'openchoreo.build.buildplane.read',
  attributes: { action: 'read' },
});

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
  };
}

const annotated = (ns: string, project: string, component: string) => ({
  'openchoreo.io/namespace': ns,
  'openchoreo.io/project': project,
  'openchoreo.io/component': component,
});

function setup(options: {
  allowedRefs: string[];
  unconditional?: boolean;
  unclaimed?: UnclaimedComponentPolicy;
}) {
  const entities = [
    entity('mine', annotated('default', 'shop', 'mine')),
    entity('theirs', annotated('default', 'shop', 'theirs')),
    // What OpenChoreo's catalog provider wrote before openchoreo.io/namespace existed.
    entity('legacy', {
      'openchoreo.io/organization': 'acme',
      'openchoreo.io/project': 'old',
      'openchoreo.io/component': 'legacy',
    }),
  ];
  const catalog = { getEntities: jest.fn(async () => ({ items: entities })) };
  const decisionFor = (resourceRef?: string) => {
    if (resourceRef) {
      return options.allowedRefs.includes(resourceRef)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY;
    }
    return options.allowedRefs.includes('*')
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
  const authorize = jest.fn(async (requests: AuthorizePermissionRequest[]) =>
    requests.map(r => ({ result: decisionFor(r.resourceRef) })),
  );
  const conditional: PolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: {},
    },
  };
  const authorizeConditional = jest.fn(
    async (requests: QueryPermissionRequest[]): Promise<PolicyDecision[]> =>
      requests.map(() =>
        options.unconditional ? { result: AuthorizeResult.ALLOW } : conditional,
      ),
  );
  const index = new ComponentEntityIndex({
    catalog,
    auth: { getOwnServiceCredentials: async () => mockCredentials.service() },
    logger: { warn: jest.fn() } as never,
  });
  const authorizer = new BuildAuthorizer({
    permissions: { authorize, authorizeConditional } as never,
    entities: index,
    unclaimedComponents: options.unclaimed ?? 'deny',
  });
  return { authorizer, authorize, authorizeConditional, catalog };
}

const user = mockCredentials.user('user:default/ada');
const run = (component: string, namespace = 'default', project = 'shop') => ({
  namespace,
  project,
  component,
});

describe('BuildAuthorizer', () => {
  it('filters a list by the entity of each component, with one batched authorize', async () => {
    const { authorizer, authorize, catalog } = setup({
      allowedRefs: ['component:default/mine'],
    });
    const items = [run('mine'), run('theirs'), run('mine'), run('nobody')];
    const visible = await authorizer.filter(user, runRead, items);
    expect(visible).toEqual([run('mine'), run('mine')]);
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls[0][0].map(r => r.resourceRef).sort()).toEqual([
      'component:default/mine',
      'component:default/theirs',
    ]);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
  });

  it('finds entities by the legacy openchoreo.io/organization annotation', async () => {
    const { authorizer } = setup({ allowedRefs: ['component:default/legacy'] });
    const [decision] = await authorizer.decide(user, runRead, [
      run('legacy', 'acme', 'old'),
    ]);
    expect(decision).toEqual({
      allowed: true,
      entityRef: 'component:default/legacy',
    });
  });

  it('denies with a message naming the permission and the entity', async () => {
    const { authorizer } = setup({ allowedRefs: [] });
    const denied = authorizer.authorizeComponent(
      user,
      runRead,
      run('theirs'),
      'read runs',
    );
    await expect(denied).rejects.toThrow(NotAllowedError);
    await expect(denied).rejects.toThrow(
      'permission openchoreo.build.run.read on component:default/theirs',
    );
  });

  it('denies an unclaimed component by default, even to an unconditionally allowed user', async () => {
    const { authorizer, authorizeConditional } = setup({
      allowedRefs: [],
      unconditional: true,
    });
    await expect(
      authorizer.authorizeComponent(user, runRead, run('nobody'), 'read runs'),
    ).rejects.toThrow(
      'no catalog entity claims OpenChoreo component default/shop/nobody',
    );
    expect(authorizeConditional).not.toHaveBeenCalled();
  });

  it('with unclaimedComponents=unconditional, allows an unclaimed component only without conditions', async () => {
    const platform = setup({
      allowedRefs: [],
      unconditional: true,
      unclaimed: 'unconditional',
    });
    expect(
      await platform.authorizer.filter(user, runRead, [run('nobody')]),
    ).toHaveLength(1);
    const owner = setup({
      allowedRefs: [],
      unconditional: false,
      unclaimed: 'unconditional',
    });
    expect(
      await owner.authorizer.filter(user, runRead, [run('nobody')]),
    ).toHaveLength(0);
  });

  it('checks basic permissions', async () => {
    await expect(
      setup({ allowedRefs: [] }).authorizer.authorizeBasic(
        user,
        planeRead,
        'list build planes',
      ),
    ).rejects.toThrow('permission openchoreo.build.buildplane.read');
    await expect(
      setup({ allowedRefs: ['*'] }).authorizer.authorizeBasic(
        user,
        planeRead,
        'list build planes',
      ),
    ).resolves.toBeUndefined();
  });
});

describe('createStreamGuard', () => {
  it('asks once per component per period and again after it', async () => {
    const { authorizer, authorize } = setup({
      allowedRefs: ['component:default/mine'],
    });
    let now = 0;
    const guard = createStreamGuard({
      authorizer,
      credentials: user,
      permission: runRead,
      ttlMs: 1000,
      now: () => now,
    });
    expect(await guard(run('mine'))).toBe(true);
    expect(await guard(run('mine'))).toBe(true);
    expect(await guard(run('theirs'))).toBe(false);
    expect(authorize).toHaveBeenCalledTimes(2);
    // Decided already: answered at once, without a promise.
    expect(guard(run('mine'))).toBe(true);
    expect(guard(run('theirs'))).toBe(false);
    now = 1500;
    const asked = guard(run('mine'));
    expect(asked).toBeInstanceOf(Promise);
    expect(await asked).toBe(true);
    expect(authorize).toHaveBeenCalledTimes(3);
  });
});

describe('ComponentEntityIndex', () => {
  it('keeps the previous index when the catalog fails, and reads again after the TTL', async () => {
    let now = 0;
    const warn = jest.fn();
    const getEntities = jest
      .fn()
      .mockResolvedValueOnce({
        items: [entity('mine', annotated('default', 'shop', 'mine'))],
      })
      .mockRejectedValueOnce(new Error('catalog down'));
    const index = new ComponentEntityIndex({
      catalog: { getEntities },
      auth: { getOwnServiceCredentials: async () => mockCredentials.service() },
      logger: { warn } as never,
      ttlMs: 100,
      now: () => now,
    });
    expect(await index.entityRefOf(run('mine'))).toBe('component:default/mine');
    now = 200;
    expect(await index.entityRefOf(run('mine'))).toBe('component:default/mine');
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('catalog down'));
  });
});

import { englishTranslate } from '../__testUtils__/englishTranslate';
import { deniedReason, type PermissionCheck } from './usePermissions';

const t = englishTranslate();
const action = t('permissions.actions.startBuilds');
const allowed: PermissionCheck = {
  permission: {
    type: 'resource',
    name: 'openchoreo.build.run.create',
    attributes: { action: 'create' },
    resourceType: 'catalog-entity',
  },
  loading: false,
  allowed: true,
  entityRef: 'component:default/greeter',
};

describe('deniedReason', () => {
  it('says nothing when the action is allowed', () => {
    expect(deniedReason(t, allowed, action)).toBeUndefined();
  });

  it('names the action, the permission and the entity it was decided on', () => {
    expect(deniedReason(t, { ...allowed, allowed: false }, action)).toBe(
      'You are not allowed to start builds of this component (permission openchoreo.build.run.create on component:default/greeter)',
    );
    expect(
      deniedReason(
        t,
        { ...allowed, allowed: false, entityRef: undefined },
        action,
      ),
    ).toBe(
      'You are not allowed to start builds of this component (permission openchoreo.build.run.create)',
    );
  });

  it('says why when no entity claims the component, while checking, and when the check failed', () => {
    expect(
      deniedReason(
        t,
        {
          ...allowed,
          allowed: false,
          entityRef: undefined,
          unclaimed: true,
        },
        action,
      ),
    ).toMatch(
      /^You are not allowed to start builds of this component: no catalog entity claims this OpenChoreo component .* so permission openchoreo\.build\.run\.create cannot be granted through its owner$/,
    );
    expect(deniedReason(t, { ...allowed, loading: true }, action)).toBe(
      'Checking your permissions…',
    );
    expect(
      deniedReason(
        t,
        { ...allowed, allowed: false, error: new Error('timeout') },
        action,
      ),
    ).toBe(
      'Could not check whether you may start builds of this component (permission openchoreo.build.run.create): timeout',
    );
  });
});

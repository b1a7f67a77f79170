import { resolveOwner, toOwnerRef } from './owners';

const SOURCES = {
  ownerKey: 'openchoreo.dev/owner',
  defaultOwners: { acme: 'group:default/acme-admins' },
  defaultOwner: 'group:default/openchoreo-unowned',
};

describe('toOwnerRef', () => {
  it.each([
    ['team-a', 'group:default/team-a'],
    ['group:default/team-a', 'group:default/team-a'],
    // Entity refs compare case-insensitively; the catalog writes them in lower case.
    ['Group:platform/Team-A', 'group:platform/team-a'],
    ['user:default/jane', 'user:default/jane'],
    [' team-a ', 'group:default/team-a'],
  ])('reads %j as %s', (value, ref) => {
    expect(toOwnerRef(value)).toBe(ref);
  });

  it.each([
    ['component:default/app'],
    ['group:default/'],
    ['a b'],
    [''],
    ['group:Bad_Namespace/x'],
  ])('refuses %j', value => {
    expect(toOwnerRef(value)).toBeUndefined();
  });
});

describe('resolveOwner', () => {
  const component = { labels: { 'openchoreo.dev/owner': 'component-team' } };
  const project = {
    annotations: { 'openchoreo.dev/owner': 'group:default/project-team' },
  };

  it('takes the Component first, then its Project', () => {
    expect(resolveOwner(SOURCES, 'acme', [component, project])).toBe(
      'group:default/component-team',
    );
    expect(resolveOwner(SOURCES, 'acme', [{}, project])).toBe(
      'group:default/project-team',
    );
  });

  it("falls back to the organization's default owner, then the default owner", () => {
    expect(resolveOwner(SOURCES, 'acme', [{}, undefined])).toBe(
      'group:default/acme-admins',
    );
    expect(resolveOwner(SOURCES, 'platform', [{}, {}])).toBe(
      'group:default/openchoreo-unowned',
    );
  });

  it('prefers the annotation (it can hold a full ref) to the label', () => {
    expect(
      resolveOwner(SOURCES, 'acme', [
        {
          labels: { 'openchoreo.dev/owner': 'from-label' },
          annotations: { 'openchoreo.dev/owner': 'user:default/jane' },
        },
      ]),
    ).toBe('user:default/jane');
  });

  it('reports an owner that is not a group or user ref and goes on', () => {
    const invalid: string[] = [];
    expect(
      resolveOwner(
        SOURCES,
        'acme',
        [{ annotations: { 'openchoreo.dev/owner': 'api:default/x' } }, project],
        ({ value }) => invalid.push(value),
      ),
    ).toBe('group:default/project-team');
    expect(invalid).toEqual(['api:default/x']);
  });

  it('reads the configured key', () => {
    expect(
      resolveOwner({ ...SOURCES, ownerKey: 'example.com/team' }, 'acme', [
        {
          labels: {
            'example.com/team': 'payments',
            'openchoreo.dev/owner': 'component-team',
          },
        },
      ]),
    ).toBe('group:default/payments');
  });
});

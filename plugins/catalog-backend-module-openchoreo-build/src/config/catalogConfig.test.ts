import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_OWNER,
  DEFAULT_SCHEDULE,
  readCatalogProviderConfig,
} from './catalogConfig';

const read = (catalog: object) =>
  readCatalogProviderConfig(
    new ConfigReader({ openchoreo: { build: { catalog } } }),
  );

describe('readCatalogProviderConfig', () => {
  it('applies the documented defaults', () => {
    expect(readCatalogProviderConfig(new ConfigReader({}))).toEqual({
      ownerKey: 'openchoreo.dev/owner',
      defaultOwners: {},
      defaultOwner: DEFAULT_OWNER,
      lifecycle: 'production',
      schedule: DEFAULT_SCHEDULE,
    });
    expect(DEFAULT_SCHEDULE).toEqual({
      frequency: { minutes: 10 },
      timeout: { minutes: 2 },
    });
  });

  it('reads every key, owners as full refs', () => {
    expect(
      read({
        ownerKey: 'example.com/team',
        defaultOwners: { acme: 'acme-admins', platform: 'user:default/ops' },
        defaultOwner: 'group:default/platform-team',
        lifecycle: 'experimental',
        schedule: { frequency: { minutes: 5 }, timeout: { seconds: 30 } },
      }),
    ).toEqual({
      ownerKey: 'example.com/team',
      defaultOwners: {
        acme: 'group:default/acme-admins',
        platform: 'user:default/ops',
      },
      defaultOwner: 'group:default/platform-team',
      lifecycle: 'experimental',
      schedule: { frequency: { minutes: 5 }, timeout: { seconds: 30 } },
    });
  });

  it.each([
    [
      { defaultOwner: 'component:default/x' },
      'openchoreo.build.catalog.defaultOwner: "component:default/x" is not a group or user entity ref',
    ],
    [
      { defaultOwners: { acme: 'group:default/' } },
      'openchoreo.build.catalog.defaultOwners.acme',
    ],
    [
      { lifecycle: 'in production' },
      'openchoreo.build.catalog.lifecycle: "in production" is not a lifecycle',
    ],
    [{ ownerKey: ' ' }, 'openchoreo.build.catalog.ownerKey'],
  ])('refuses %j naming the key', (catalog, message) => {
    expect(() => read(catalog)).toThrow(message);
  });
});

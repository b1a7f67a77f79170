import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { claimingEntities } from '../__testUtils__/catalog';
import { ComponentEntityIndex } from '../permissions/ComponentEntityIndex';
import { testRun } from '../runRecords/__testUtils__/runRecordTestKit';
import { CatalogRunOwners, runEndRecipients } from './runEndRecipients';

const byUser = (userEntityRef: string) => ({
  trigger: { kind: 'user' as const, userEntityRef },
});

describe('runEndRecipients', () => {
  it('names the user who started the run and the owner', () => {
    expect(
      runEndRecipients(byUser('user:default/ada'), 'group:default/team-a'),
    ).toEqual(['user:default/ada', 'group:default/team-a']);
  });

  it('names someone who is both once, whatever the spelling of the ref', () => {
    expect(
      runEndRecipients(byUser('user:default/Ada'), 'user:default/ada'),
    ).toEqual(['user:default/Ada']);
  });

  it('names only the owner of a run a webhook started, and nobody without an owner', () => {
    const webhook = {
      trigger: { kind: 'webhook' as const, provider: 'github' as const },
    };
    expect(runEndRecipients(webhook, 'group:default/team-a')).toEqual([
      'group:default/team-a',
    ]);
    expect(runEndRecipients(webhook, undefined)).toEqual([]);
    expect(runEndRecipients({}, undefined)).toEqual([]);
  });
});

describe('CatalogRunOwners', () => {
  function owners(entities: Entity[]) {
    const catalog = catalogServiceMock({ entities });
    const auth = {
      getOwnServiceCredentials: async () => mockCredentials.service(),
    };
    return new CatalogRunOwners({
      entities: new ComponentEntityIndex({
        catalog,
        auth,
        logger: mockServices.logger.mock(),
      }),
      catalog,
      auth,
    });
  }

  it("resolves the claiming entity's spec.owner as the catalog does (kind group, the entity's namespace)", async () => {
    const [entity] = claimingEntities(['nova/p/c'], 'team-a');
    const lookup = owners([
      { ...entity, metadata: { ...entity.metadata, namespace: 'org-nova' } },
    ]);

    expect(await lookup.ownerOf(testRun('r1', 1))).toBe(
      'group:org-nova/team-a',
    );
  });

  it('keeps an owner given as a full ref', async () => {
    const lookup = owners(claimingEntities(['nova/p/c'], 'user:default/ada'));

    expect(await lookup.ownerOf(testRun('r1', 1))).toBe('user:default/ada');
  });

  it('knows no owner of a component no entity claims', async () => {
    const lookup = owners(claimingEntities(['nova/p/other']));

    expect(await lookup.ownerOf(testRun('r1', 1))).toBeUndefined();
  });
});

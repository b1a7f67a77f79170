import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { EntityProvider } from '@backstage/plugin-catalog-node';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleOpenChoreoBuild } from './module';

describe('catalogModuleOpenChoreoBuild', () => {
  it('registers the OpenChoreo entity provider with the catalog', async () => {
    const providers: EntityProvider[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          {
            addEntityProvider: (
              ...added: Array<EntityProvider | EntityProvider[]>
            ) => {
              providers.push(...added.flat());
            },
          },
        ],
      ],
      features: [
        catalogModuleOpenChoreoBuild,
        mockServices.rootConfig.factory({
          data: {
            openchoreo: {
              build: {
                controlPlane: { url: 'https://cp.example:6443', token: 't' },
              },
            },
          },
        }),
      ],
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'OpenChoreoBuildEntityProvider',
    ]);
  });

  it('fails the start with a message naming a bad key', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [catalogProcessingExtensionPoint, { addEntityProvider: () => {} }],
        ],
        features: [
          catalogModuleOpenChoreoBuild,
          mockServices.rootConfig.factory({
            data: {
              openchoreo: {
                build: {
                  controlPlane: { url: 'https://cp.example:6443', token: 't' },
                  catalog: { defaultOwner: 'not a ref' },
                },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow('openchoreo.build.catalog.defaultOwner');
  });
});

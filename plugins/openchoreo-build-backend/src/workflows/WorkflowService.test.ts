import { mockServices } from '@backstage/backend-test-utils';
import type {
  ComponentWorkflow,
  ExternalSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { WorkflowService } from './WorkflowService';

const gitopsWorkflow = loadReferenceYaml<ComponentWorkflow>(
  referencePath(
    'openchoreo/samples-v0.12.0-gitops/component-workflows/build-and-release/docker/docker-gitops-release.yaml',
  ),
).find(doc => doc.kind === 'ComponentWorkflow')!;

/** What the sandbox's External Secrets emulation writes for a key its fake store lacks. */
const notReady: ExternalSecret = {
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: {
    name: 'run-1-gitops-git-secret',
    namespace: 'openchoreo-ci-default',
  },
  spec: {
    secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
    target: { name: 'run-1-gitops-git-secret' },
  },
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
        message:
          'could not get secret data from provider: key "gitops-token" not found in ClusterSecretStore "default"',
      },
    ],
  },
};

/** The same failure as the External Secrets Operator reports it: the key is only in its event. */
const notReadyAsEso: ExternalSecret = {
  ...notReady,
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
        message: 'could not get secret data from provider',
      },
    ],
  },
};
const ESO_EVENT =
  'error processing spec.data[0] (key: gitops-token), err: Secret does not exist';

function service(
  externalSecrets: ExternalSecret[] | Error,
  readFailures: jest.Mock = jest.fn(async () => new Map()),
) {
  const controlPlane = {
    listComponentWorkflows: jest.fn(async () => [gitopsWorkflow]),
  };
  const connector = {
    listExternalSecrets: jest.fn(async () => {
      if (externalSecrets instanceof Error) throw externalSecrets;
      return externalSecrets;
    }),
    secretExists: jest.fn(async () => false),
  };
  const registry = {
    activeConnector: jest.fn(async () => connector),
    generations: { of: async () => 'v0' },
  };
  return new WorkflowService(
    controlPlane as unknown as ControlPlane,
    registry as unknown as BuildPlaneRegistry,
    mockServices.logger.mock(),
    { readFailures },
  );
}

describe('WorkflowService secrets', () => {
  it('answers the key a store lacks as structured fields, and the other secret as Missing', async () => {
    const { items } = await service([notReady]).list(['default']);
    const secrets = items[0].secrets;
    expect(items[0].ready).toBe(false);
    expect(secrets.map(s => [s.name, s.status, s.missingKey?.key])).toEqual([
      ['source-git-secret', 'Missing', undefined],
      ['gitops-git-secret', 'NotReady', 'gitops-token'],
    ]);
    expect(secrets[1].missingKey?.store).toEqual({
      kind: 'ClusterSecretStore',
      name: 'default',
    });
  });

  it("reads the key from the operator's UpdateFailed event when the Ready message does not name it", async () => {
    const readFailures = jest.fn(
      async () =>
        new Map([['run-1-gitops-git-secret', [ESO_EVENT, 'older failure']]]),
    );
    const { items } = await service([notReadyAsEso], readFailures).list([
      'default',
    ]);
    expect(readFailures).toHaveBeenCalledWith(
      expect.anything(),
      'openchoreo-ci-default',
    );
    expect(items[0].secrets[1]).toMatchObject({
      status: 'NotReady',
      missingKey: {
        key: 'gitops-token',
        store: { kind: 'ClusterSecretStore', name: 'default' },
      },
    });
  });

  it('still answers NotReady, without a key, when the events cannot be read (the v0.9 agent may not)', async () => {
    const readFailures = jest.fn(async () => {
      throw new Error('403 Forbidden: events is forbidden');
    });
    const { items } = await service([notReadyAsEso], readFailures).list([
      'default',
    ]);
    expect(items[0].secrets[1].status).toBe('NotReady');
    expect(items[0].secrets[1]).not.toHaveProperty('missingKey');
  });

  it('reads no events when every ExternalSecret is Ready', async () => {
    const readFailures = jest.fn(async () => new Map());
    await service(
      [
        {
          ...notReady,
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
      readFailures,
    ).list(['default']);
    expect(readFailures).not.toHaveBeenCalled();
  });

  it('leaves readiness Unknown, without a key, when the build plane cannot be asked', async () => {
    const { items } = await service(new Error('plane unreachable')).list([
      'default',
    ]);
    expect(
      items[0].secrets.map(s => [s.status, s.message, s.missingKey]),
    ).toEqual([
      ['Unknown', 'plane unreachable', undefined],
      ['Unknown', 'plane unreachable', undefined],
    ]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox, type KObject } from '@openchoreo-build/sandbox';
import { RecordingConnection } from '../__testUtils__/recordingConnection';
import { componentV1, projectV1 } from '../__testUtils__/objects';
import { OPENCHOREO_REFERENCE_DIR } from '../__testUtils__/reference';
import { readCatalogProviderConfig } from '../config/catalogConfig';
import { readControlPlaneConnection } from '../controlPlane/controlPlaneConnection';
import { ControlPlaneReader } from '../controlPlane/ControlPlaneReader';
import { OpenChoreoEntityProvider } from './OpenChoreoEntityProvider';

/**
 * A control plane serving the real v1.2.3 Project and Component CRDs
 * (`fixtures/reference/openchoreo/crds-v1.2.3/`): discovery says v1 and the objects are read in
 * that shape.
 */
describe('OpenChoreoEntityProvider on a v1.2.3 control plane', () => {
  it('detects v1 and maps its Components', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-catalog-v1-'));
    const sandbox = await startSandbox({
      portBase: 0,
      seed: false,
      stateDir,
      // The v1 API only (no buildplanes, componentworkflowruns), as a v1.2.3 control plane serves it.
      api: 'v1',
      crdsDir: path.join(OPENCHOREO_REFERENCE_DIR, 'crds-v1.2.3'),
    });
    let provider: OpenChoreoEntityProvider | undefined;
    try {
      sandbox.controlPlane.create(
        projectV1({ namespace: 'default', name: 'latency-lab' }) as KObject,
        'projects',
      );
      sandbox.controlPlane.create(
        componentV1({
          namespace: 'default',
          name: 'lab-frontend',
          project: 'latency-lab',
        }) as KObject,
        'components',
      );
      const { controlPlane } = sandbox.endpoints;
      const config = new ConfigReader({
        openchoreo: {
          build: {
            controlPlane: { url: controlPlane.url, token: controlPlane.token },
          },
        },
      });
      const reader = new ControlPlaneReader(readControlPlaneConnection(config));
      // Only v1 served: every organization is v1, no BuildPlane read needed.
      await expect(reader.detectGenerations()).resolves.toEqual({
        served: ['v1'],
        buildPlaneNamespaces: new Set(),
      });
      provider = new OpenChoreoEntityProvider({
        reader,
        config: readCatalogProviderConfig(config),
        logger: mockServices.logger.mock(),
        taskRunner: { run: async ({ fn }) => fn(new AbortController().signal) },
      });
      const connection = new RecordingConnection();
      await provider.connect(connection);
      expect(connection.refs()).toEqual([
        'component:default/lab-frontend',
        'domain:default/default',
        'system:default/latency-lab',
      ]);
      expect(
        connection.entities.get('component:default/lab-frontend'),
      ).toMatchObject({
        metadata: {
          annotations: {
            'backstage.io/source-location':
              'url:https://github.com/openchoreo/sample-workloads',
          },
        },
        spec: { type: 'website', system: 'system:default/latency-lab' },
      });
    } finally {
      provider?.stop();
      await sandbox.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

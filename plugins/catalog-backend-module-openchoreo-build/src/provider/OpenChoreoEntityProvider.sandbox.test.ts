import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import { SEED_CATALOG, startSandbox } from '@openchoreo-build/sandbox';
import type { KObject } from '@openchoreo-build/sandbox';
import {
  adds,
  RecordingConnection,
  removes,
} from '../__testUtils__/recordingConnection';
import { componentV09 } from '../__testUtils__/objects';
import { crdValidator } from '../__testUtils__/reference';
import { readCatalogProviderConfig } from '../config/catalogConfig';
import { readControlPlaneConnection } from '../controlPlane/controlPlaneConnection';
import { ControlPlaneReader } from '../controlPlane/ControlPlaneReader';
import { OpenChoreoEntityProvider } from './OpenChoreoEntityProvider';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';

/**
 * The provider against the sandbox's control plane, which serves v0.9 Projects and Components
 * (`packages/openchoreo-sandbox`, seed in docs/sandbox.md) over the Kubernetes API: list, watch
 * and CRD discovery as a real API server answers them.
 */
describe('OpenChoreoEntityProvider on the sandbox', () => {
  let sandbox: Sandbox;
  let sandboxOpen = false;
  let stateDir: string;
  let provider: OpenChoreoEntityProvider;
  let reader: ControlPlaneReader;
  let refreshNow: SchedulerServiceTaskFunction;
  const connection = new RecordingConnection();
  const logger = mockServices.logger.mock();

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-catalog-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    sandboxOpen = true;
    const { controlPlane } = sandbox.endpoints;
    const config = new ConfigReader({
      openchoreo: {
        build: {
          controlPlane: { url: controlPlane.url, token: controlPlane.token },
          catalog: { defaultOwners: { acme: 'group:default/acme-admins' } },
        },
      },
    });
    reader = new ControlPlaneReader(readControlPlaneConnection(config));
    provider = new OpenChoreoEntityProvider({
      reader,
      config: readCatalogProviderConfig(config),
      logger,
      taskRunner: {
        async run({ fn }) {
          refreshNow = fn;
          await fn(new AbortController().signal);
        },
      },
      rewatchDelayMs: () => 100,
    });
    // As the catalog does at start: connect runs the first full refresh.
    await provider.connect(connection);
  });

  afterAll(async () => {
    provider?.stop();
    if (sandboxOpen) await sandbox.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('reads which organization speaks which generation from discovery and the BuildPlanes', async () => {
    // The sandbox's default control plane is mixed: v0.9 and v1.2.3 served side by side.
    const generations = await reader.detectGenerations();
    expect(generations?.served).toEqual(['v0', 'v1']);
    const v0Orgs = SEED_CATALOG.filter(o => o.generation !== 'v1').map(
      o => o.org,
    );
    expect(v0Orgs).toEqual(['default', 'acme', 'platform']);
    for (const org of v0Orgs)
      expect(generations?.buildPlaneNamespaces.has(org)).toBe(true);
    expect(generations?.buildPlaneNamespaces.has('nova')).toBe(false);
  });

  it("maps nova's v1.2.3 Components with their component type, though the Component CRD is v0.9's elsewhere", () => {
    const nova = SEED_CATALOG.find(o => o.org === 'nova')!;
    for (const c of nova.components) {
      const entity = connection.entities.get(`component:nova/${c.name}`);
      // `deployment/service` → service, `deployment/web-application` → website.
      expect(entity?.spec?.type).toBe(
        c.componentType === 'deployment/web-application'
          ? 'website'
          : 'service',
      );
      expect(entity?.spec?.system).toBe(`system:nova/${nova.project}`);
      // The repository of a v1 Component is in spec.workflow.parameters.
      expect(
        entity?.metadata.annotations?.['backstage.io/source-location'],
      ).toBe('url:https://github.com/openchoreo/sample-workloads');
    }
    expect(nova.components.map(c => c.componentType).sort()).toEqual([
      'deployment/service',
      'deployment/service',
      'deployment/web-application',
    ]);
    // Nothing was read against the wrong generation.
    expect(logger.warn).not.toHaveBeenCalledWith(
      expect.stringContaining('shape but organization'),
    );
  });

  it('applies the seed as one full mutation at start', () => {
    expect(connection.mutations[0].type).toBe('full');
    const expected = SEED_CATALOG.flatMap(org => [
      `domain:${org.org}/${org.org}`,
      `system:${org.org}/${org.project}`,
      ...org.components.map(c => `component:${org.org}/${c.name}`),
    ]).sort();
    expect(connection.refs()).toEqual(expected);
    const greeter = connection.entities.get(
      'component:default/greeter-service',
    );
    expect(greeter?.metadata.annotations).toMatchObject({
      'openchoreo.io/namespace': 'default',
      'openchoreo.io/project': 'default',
      'openchoreo.io/component': 'greeter-service',
      'backstage.io/source-location':
        'url:https://github.com/openchoreo/sample-workloads',
      'backstage.io/managed-by-location': `openchoreo-build:${sandbox.endpoints.controlPlane.url}`,
    });
    // The seed labels Projects and Components with the demo groups that own them.
    for (const org of SEED_CATALOG) {
      expect(
        connection.entities.get(`system:${org.org}/${org.project}`)?.spec
          ?.owner,
      ).toBe(`group:default/${org.owner}`);
    }
    expect(connection.entities.get('domain:acme/acme')?.spec?.owner).toBe(
      'group:default/acme-admins',
    );
  });

  it('adds, changes and removes a Component (and its new organization) by watch deltas', async () => {
    sandbox.controlPlane.ensureNamespace('neworg');
    const component = componentV09({
      namespace: 'neworg',
      name: 'billing',
      project: 'payments',
      labels: { 'openchoreo.dev/owner': 'billing-team' },
    });
    expect(crdValidator('crds-v0.9.0', 'components')(component)).toEqual([]);
    const added = connection.next(adds('component:neworg/billing'));
    sandbox.controlPlane.create(component as KObject, 'components');
    const addition = await added;
    expect(addition.type).toBe('delta');
    expect(connection.entities.get('component:neworg/billing')?.spec).toEqual({
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/billing-team',
      system: 'system:neworg/payments',
    });
    expect(connection.refs()).toContain('domain:neworg/neworg');
    // On a mixed control plane an organization without a BuildPlane speaks v1: the v0.9
    // Component is still read by its shape, and the mismatch is said.
    expect(logger.warn).toHaveBeenCalledWith(
      'Component neworg/billing has the v0 shape but organization neworg speaks v1 (it has no BuildPlane); it is read by its own shape',
    );

    const changed = connection.next(
      mutation =>
        adds('component:neworg/billing')(mutation) &&
        mutation.type === 'delta' &&
        mutation.added.some(a => a.entity.metadata.title === 'Billing'),
    );
    sandbox.controlPlane.mergePatch(OC, 'components', 'neworg', 'billing', {
      metadata: { annotations: { 'openchoreo.dev/display-name': 'Billing' } },
    });
    const change = await changed;
    // Only what changed is sent.
    expect(change.type === 'delta' && change.added.length).toBe(1);

    const removed = connection.next(removes('component:neworg/billing'));
    sandbox.controlPlane.delete(OC, 'components', 'neworg', 'billing');
    const removal = await removed;
    // The organization held nothing else: its Domain goes with the Component.
    expect(removes('domain:neworg/neworg')(removal)).toBe(true);
    expect(connection.refs()).not.toContain('component:neworg/billing');
    expect(connection.refs()).toContain('component:default/greeter-service');
  });

  it('keeps the last entities while the control plane is down and says why once', async () => {
    const before = connection.refs();
    const mutations = connection.mutations.length;
    await sandbox.close();
    sandboxOpen = false;
    await refreshNow(new AbortController().signal);
    await refreshNow(new AbortController().signal);
    expect(connection.mutations).toHaveLength(mutations);
    expect(connection.refs()).toEqual(before);
    const downLines = logger.warn.mock.calls.filter(([message]) =>
      String(message).includes('the catalog keeps the last entities'),
    );
    expect(downLines).toHaveLength(1);
    expect(String(downLines[0][0])).toContain(
      sandbox.endpoints.controlPlane.url,
    );
    expect(String(downLines[0][0])).not.toContain(
      sandbox.endpoints.controlPlane.token,
    );
  });
});

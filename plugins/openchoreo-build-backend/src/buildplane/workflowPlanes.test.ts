import Ajv from 'ajv';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type {
  Workflow,
  WorkflowPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { readPluginConfig } from '../config/pluginConfig';
import { ControlPlane } from '../controlplane/ControlPlane';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { BuildPlaneRegistry } from './BuildPlaneRegistry';
import { BuildPlaneService } from './BuildPlaneService';
import { planWorkflowPlaneConnection } from './connectionPlan';
import { gatewayServerUrl } from './createConnector';
import { workflowPlaneCandidates } from './workflowPlaneRef';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PEM = (label: string) =>
  `-----BEGIN CERTIFICATE-----\n${b64(label)}\n-----END CERTIFICATE-----`;

const crdValidator = (file: string) => {
  const [definition] = loadReferenceYaml<{
    spec: { versions: Array<{ schema: { openAPIV3Schema: object } }> };
  }>(referencePath('openchoreo', 'crds-v1.2.3', file));
  return new Ajv({ strict: false, validateFormats: false }).compile(
    definition.spec.versions[0].schema.openAPIV3Schema,
  );
};

const orgPlane: WorkflowPlane = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowPlane',
  metadata: { name: 'default', namespace: 'nova', uid: 'wp1' },
  spec: {
    planeID: 'nova-builder',
    clusterAgent: { clientCA: { value: PEM('agent-ca') } },
    secretStoreRef: { name: 'default' },
    observabilityPlaneRef: { kind: 'ObservabilityPlane', name: 'obs' },
  },
};
const clusterPlane: WorkflowPlane = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'ClusterWorkflowPlane',
  metadata: { name: 'default', uid: 'cwp1' },
  spec: {
    // Required for cluster planes (clusterworkflowplane_types.go@v1.2.3).
    planeID: 'shared-builder',
    clusterAgent: { clientCA: { value: PEM('agent-ca') } },
    secretStoreRef: { name: 'default' },
  },
};
const [sampleClusterWorkflow] = loadReferenceYaml<Workflow>(
  referencePath(
    'openchoreo',
    'samples-v1.2.3',
    'ci-workflows',
    'dockerfile-builder.yaml',
  ),
);

describe('workflowPlaneCandidates (reference.go@v1.2.3 GetWorkflowPlaneFromRef)', () => {
  it('uses the plane a workflowPlaneRef names, as the upstream sample writes it', () => {
    expect(
      workflowPlaneCandidates('ClusterWorkflow', sampleClusterWorkflow),
    ).toEqual([{ kind: 'ClusterWorkflowPlane', name: 'default' }]);
    expect(
      workflowPlaneCandidates('Workflow', {
        spec: { workflowPlaneRef: { kind: 'WorkflowPlane', name: 'mine' } },
      }),
    ).toEqual([{ kind: 'WorkflowPlane', name: 'mine' }]);
  });

  it('falls back as the controller does when no ref was defaulted', () => {
    // A ClusterWorkflow never falls back to a namespaced plane (GetWorkflowSpec).
    expect(workflowPlaneCandidates('ClusterWorkflow', { spec: {} })).toEqual([
      { kind: 'ClusterWorkflowPlane', name: 'default' },
    ]);
    expect(workflowPlaneCandidates('Workflow', { spec: {} })).toEqual([
      { kind: 'WorkflowPlane', name: 'default' },
      { kind: 'ClusterWorkflowPlane', name: 'default' },
    ]);
    expect(workflowPlaneCandidates(undefined, undefined)).toEqual([
      { kind: 'WorkflowPlane', name: 'default' },
      { kind: 'ClusterWorkflowPlane', name: 'default' },
    ]);
  });
});

describe('planWorkflowPlaneConnection', () => {
  it('fixtures follow the real v1.2.3 CRDs', () => {
    expect(crdValidator('openchoreo.dev_workflowplanes.yaml')(orgPlane)).toBe(
      true,
    );
    expect(
      crdValidator('openchoreo.dev_clusterworkflowplanes.yaml')(clusterPlane),
    ).toBe(true);
  });

  it('routes on planeID || name through the workflowplane path, _cluster for cluster planes', () => {
    const env = { gatewayConfigured: true };
    const own = planWorkflowPlaneConnection(orgPlane, 'WorkflowPlane', env);
    expect(own).toMatchObject({
      generation: 'v1',
      mode: 'agent',
      authMethod: 'gatewayClientCertificate',
      planeID: 'nova-builder',
      observer: { source: 'observabilityPlane', observabilityPlaneRef: 'obs' },
      problems: [],
    });
    expect(gatewayServerUrl('https://gw.test/', own.gatewayRoute!)).toBe(
      'https://gw.test/api/proxy/workflowplane/nova-builder/nova/default/k8s',
    );
    const cluster = planWorkflowPlaneConnection(
      clusterPlane,
      'ClusterWorkflowPlane',
      env,
    );
    expect(cluster.planeID).toBe('shared-builder');
    expect(gatewayServerUrl('https://gw.test', cluster.gatewayRoute!)).toBe(
      'https://gw.test/api/proxy/workflowplane/shared-builder/_cluster/default/k8s',
    );
    expect(
      planWorkflowPlaneConnection(clusterPlane, 'ClusterWorkflowPlane', {
        gatewayConfigured: false,
      }).problems,
    ).toEqual([expect.stringMatching(/clusterGateway\.url/)]);
  });
});

describe('BuildPlaneRegistry.connectorForRun (v1)', () => {
  const CP = 'http://control-plane.test/apis/openchoreo.dev/v1alpha1';
  const server = setupServer();
  const gatewayHits: string[] = [];
  let present: {
    workflows: Record<string, Workflow>;
    planes: Record<string, WorkflowPlane>;
  };
  const found = (object: object | undefined) =>
    object
      ? HttpResponse.json(object)
      : HttpResponse.json(
          { kind: 'Status', code: 404, reason: 'NotFound' },
          { status: 404 },
        );

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    gatewayHits.length = 0;
    present = {
      workflows: {
        'ClusterWorkflow/dockerfile-builder': sampleClusterWorkflow,
        'Workflow/nova/own': {
          metadata: { name: 'own', namespace: 'nova' },
          spec: {
            workflowPlaneRef: { kind: 'WorkflowPlane', name: 'default' },
          },
        },
      },
      planes: {
        'WorkflowPlane/nova/default': orgPlane,
        'ClusterWorkflowPlane/default': clusterPlane,
      },
    };
    server.use(
      http.get(`${CP}/clusterworkflows/:name`, ({ params }) =>
        found(present.workflows[`ClusterWorkflow/${params.name}`]),
      ),
      http.get(`${CP}/namespaces/:ns/workflows/:name`, ({ params }) =>
        found(present.workflows[`Workflow/${params.ns}/${params.name}`]),
      ),
      http.get(`${CP}/clusterworkflowplanes/:name`, ({ params }) =>
        found(present.planes[`ClusterWorkflowPlane/${params.name}`]),
      ),
      http.get(`${CP}/namespaces/:ns/workflowplanes/:name`, ({ params }) =>
        found(present.planes[`WorkflowPlane/${params.ns}/${params.name}`]),
      ),
      http.get('https://gateway.test/api/proxy/*', ({ request }) => {
        gatewayHits.push(new URL(request.url).pathname);
        return HttpResponse.json({ metadata: { name: 'run-1' } });
      }),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const registry = () => {
    const config = readPluginConfig(
      new ConfigReader({
        openchoreo: {
          build: {
            controlPlane: { url: 'http://control-plane.test', token: 'cp' },
            clusterGateway: {
              url: 'https://gateway.test',
              caData: PEM('gw-ca'),
              clientCert: b64(PEM('gw-cert')),
              clientKey: b64('GW-KEY'),
            },
          },
        },
      }),
    );
    return new BuildPlaneRegistry(
      new ControlPlane(
        new KubernetesClient(
          kubeConfigFor({ server: 'http://control-plane.test', token: 'cp' }),
          'control plane',
          5000,
        ),
      ),
      config,
    );
  };

  it('reaches the plane a ClusterWorkflow names through the gateway v1 path', async () => {
    const connector = await registry().connectorForRun('nova', 'v1', {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
    });
    expect(connector).toMatchObject({
      mode: 'agent',
      namespace: '',
      name: 'default',
    });
    expect(connector.capabilities).toEqual({ watch: false, followLogs: false });
    await connector.findWorkflow('workflows-nova', 'run-1');
    expect(gatewayHits).toEqual([
      '/api/proxy/workflowplane/shared-builder/_cluster/default/k8s/apis/argoproj.io/v1alpha1/namespaces/workflows-nova/workflows/run-1',
    ]);
  });

  it("reaches a Workflow's namespaced plane by its planeID", async () => {
    const connector = await registry().connectorForRun('nova', 'v1', {
      kind: 'Workflow',
      name: 'own',
    });
    await connector.findWorkflow('workflows-nova', 'run-1');
    expect(gatewayHits[0]).toMatch(
      /^\/api\/proxy\/workflowplane\/nova-builder\/nova\/default\/k8s\//,
    );
  });

  it('without a workflow, uses the org default plane, then the cluster one', async () => {
    const plans = registry();
    expect(await plans.workflowPlaneFor('nova')).toEqual({
      kind: 'WorkflowPlane',
      plane: orgPlane,
    });
    delete present.planes['WorkflowPlane/nova/default'];
    expect(await plans.workflowPlaneFor('nova')).toEqual({
      kind: 'ClusterWorkflowPlane',
      plane: clusterPlane,
    });
  });

  it('says which workflow or plane is missing', async () => {
    const plans = registry();
    const missingWorkflow = plans.connectorForRun('nova', 'v1', {
      kind: 'Workflow',
      name: 'gone',
    });
    await expect(missingWorkflow).rejects.toThrow(NotFoundError);
    await expect(missingWorkflow).rejects.toThrow(
      'Workflow gone does not exist in namespace nova',
    );
    delete present.planes['ClusterWorkflowPlane/default'];
    const missingPlane = plans.connectorForRun('nova', 'v1', {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
    });
    await expect(missingPlane).rejects.toThrow(ServiceUnavailableError);
    await expect(missingPlane).rejects.toThrow(
      /ClusterWorkflow dockerfile-builder runs on ClusterWorkflowPlane default, which does not exist/,
    );
    expect(gatewayHits).toEqual([]);
  });
});

describe('BuildPlaneService for a v1.x organization', () => {
  const CP = 'http://control-plane.test/apis/openchoreo.dev/v1alpha1';
  const server = setupServer();
  const gatewayHits: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    gatewayHits.length = 0;
    server.use(
      // A v1.2.3 control plane's discovery (config/crd/bases@v1.2.3).
      http.get(CP, () =>
        HttpResponse.json({
          kind: 'APIResourceList',
          resources: [
            'workflowplanes',
            'clusterworkflowplanes',
            'workflowruns',
          ].map(name => ({ name })),
        }),
      ),
      http.get(`${CP}/namespaces/nova/workflowplanes`, () =>
        HttpResponse.json({
          items: [
            {
              ...orgPlane,
              metadata: { ...orgPlane.metadata, name: 'gpu' },
              status: {
                agentConnection: { connected: true, connectedAgents: 1 },
              },
            },
          ],
        }),
      ),
      http.get(`${CP}/clusterworkflowplanes`, () =>
        HttpResponse.json({ items: [clusterPlane] }),
      ),
      http.get('https://gateway.test/api/proxy/*', ({ request }) => {
        gatewayHits.push(new URL(request.url).pathname);
        return HttpResponse.json({ kind: 'APIVersions', versions: ['v1'] });
      }),
      http.get('https://gateway.test/', () => HttpResponse.json({})),
      http.get(`${CP}/namespaces/nova/observabilityplanes/default`, () =>
        HttpResponse.json(
          { kind: 'Status', code: 404, reason: 'NotFound' },
          { status: 404 },
        ),
      ),
      http.get(`${CP}/clusterobservabilityplanes/default`, () =>
        HttpResponse.json(
          { kind: 'Status', code: 404, reason: 'NotFound' },
          { status: 404 },
        ),
      ),
    );
  });
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const service = () => {
    const config = readPluginConfig(
      new ConfigReader({
        openchoreo: {
          build: {
            controlPlane: { url: 'http://control-plane.test', token: 'cp' },
            clusterGateway: {
              url: 'https://gateway.test',
              caData: PEM('gw-ca'),
              clientCert: b64(PEM('gw-cert')),
              clientKey: b64('GW-KEY'),
            },
          },
        },
      }),
    );
    const cp = new ControlPlane(
      new KubernetesClient(
        kubeConfigFor({ server: 'http://control-plane.test', token: 'cp' }),
        'control plane',
        5000,
      ),
    );
    return new BuildPlaneService(
      cp,
      new BuildPlaneRegistry(cp, config),
      config,
    );
  };

  it('lists the org WorkflowPlanes and the ClusterWorkflowPlanes, the default one active', async () => {
    const { items, warnings } = await service().list(['nova']);
    expect(warnings).toEqual([]);
    expect(items).toEqual([
      expect.objectContaining({
        namespace: 'nova',
        name: 'gpu',
        kind: 'WorkflowPlane',
        generation: 'v1',
        mode: 'agent',
        agent: expect.objectContaining({
          planeID: 'nova-builder',
          connected: true,
          connectedAgents: 1,
        }),
        observer: expect.objectContaining({ observabilityPlaneRef: 'obs' }),
        capabilities: { watch: false, followLogs: false },
        active: false,
        health: { status: 'Healthy', message: 'Agent connected' },
      }),
      expect.objectContaining({
        namespace: 'nova',
        name: 'default',
        kind: 'ClusterWorkflowPlane',
        generation: 'v1',
        agent: expect.objectContaining({ planeID: 'shared-builder' }),
        active: true,
      }),
    ]);
  });

  it('checks a ClusterWorkflowPlane through the gateway v1 path; an unknown name is a 404', async () => {
    const plans = service();
    const detail = await plans.detail(
      'nova',
      'default',
      'ClusterWorkflowPlane',
    );
    expect(detail.kind).toBe('ClusterWorkflowPlane');
    expect(detail.checks.find(c => c.target === 'kubernetesApi')).toMatchObject(
      {
        status: 'ok',
      },
    );
    expect(gatewayHits).toEqual([
      '/api/proxy/workflowplane/shared-builder/_cluster/default/k8s/api/v1',
    ]);
    await expect(
      plans.detail('nova', 'gpu', 'ClusterWorkflowPlane'),
    ).rejects.toThrow(NotFoundError);
  });
});

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type {
  Component,
  ComponentDetail,
  ComponentV1,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { toComponentDetail } from './ComponentService';
import { catalogWith, claimingEntities } from '../__testUtils__/catalog';

const CP = 'http://control-plane.test';
const base = `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/default`;

const greeter: Component = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'greeter-service',
    namespace: 'default',
    annotations: {
      'openchoreo.dev/display-name': 'Greeter Service',
      'openchoreo.dev/description': 'Says hello',
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"secret":"not-for-the-ui"}',
    },
  },
  spec: {
    owner: { projectName: 'default' },
    componentType: 'deployment/service',
    workflow: {
      name: 'docker',
      systemParameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main' },
          appPath: '/service-go-greeter',
        },
      },
      parameters: {
        docker: {
          context: '/service-go-greeter',
          filePath: '/service-go-greeter/Dockerfile',
        },
      },
    },
    autoBuild: true,
  },
};

/** A v1.2.3 Component (`component_types.go@v1.2.3`; shape of the docs' service sample). */
const novaGreeter: ComponentV1 = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Component',
  metadata: { name: 'greeter', namespace: 'nova' },
  spec: {
    owner: { projectName: 'web' },
    componentType: { kind: 'ClusterComponentType', name: 'deployment/service' },
    workflow: {
      kind: 'ClusterWorkflow',
      name: 'dockerfile-builder',
      parameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main' },
          appPath: '/service-go-greeter',
        },
      },
    },
    autoBuild: false,
  },
};

const notFound = (name: string) =>
  HttpResponse.json(
    {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: `components.openchoreo.dev "${name}" not found`,
    },
    { status: 404 },
  );

describe('GET /components/:ns/:project/:component (against an msw control plane)', () => {
  const server = setupServer();
  const asked: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());
  beforeEach(() => {
    asked.length = 0;
    server.resetHandlers(
      // A control plane in transition serves both generations: `default` has a BuildPlane (v0),
      // `nova` none (v1) — the -common `organizationGeneration` rule.
      http.get(`${CP}/apis/openchoreo.dev/v1alpha1`, () =>
        HttpResponse.json({
          kind: 'APIResourceList',
          resources: [
            'buildplanes',
            'componentworkflowruns',
            'workflowplanes',
            'clusterworkflowplanes',
            'workflowruns',
          ].map(name => ({ name })),
        }),
      ),
      http.get(`${base}/buildplanes`, () =>
        HttpResponse.json({ items: [{ metadata: { name: 'default' } }] }),
      ),
      http.get(
        `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/nova/buildplanes`,
        () => HttpResponse.json({ items: [] }),
      ),
      http.get(
        `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/nova/components/greeter`,
        () => HttpResponse.json(novaGreeter),
      ),
      http.get(`${base}/components/:name`, ({ params }) => {
        asked.push(String(params.name));
        switch (params.name) {
          case 'greeter-service':
            return HttpResponse.json(greeter);
          case 'bare':
            // A v0.9 Component without spec.workflow nor spec.autoBuild (and no annotations).
            return HttpResponse.json({
              metadata: { name: 'bare', namespace: 'default' },
              spec: {
                owner: { projectName: 'default' },
                componentType: 'deployment/web-application',
              },
            });
          case 'other-project':
            return HttpResponse.json({
              ...greeter,
              metadata: { name: 'other-project', namespace: 'default' },
              spec: { ...greeter.spec, owner: { projectName: 'online-store' } },
            });
          case 'broken':
            return HttpResponse.error();
          default:
            return notFound(String(params.name));
        }
      }),
    );
  });

  async function start() {
    const { server: app } = await startTestBackend({
      features: [
        openchoreoBuildPlugin,
        // The catalog may claim components the control plane no longer has (404s below).
        catalogWith(
          claimingEntities([
            ...[
              'greeter-service',
              'bare',
              'missing',
              'broken',
              'other-project',
            ].map(c => `default/default/${c}`),
            'nova/web/greeter',
          ]),
        ),
        mockServices.rootConfig.factory({
          data: {
            openchoreo: {
              build: {
                namespaces: ['default', 'nova'],
                controlPlane: { url: CP, token: 'cp-token' },
              },
            },
          },
        }),
      ],
    });
    return app;
  }
  const get = async (path: string, auth = mockCredentials.user.header()) =>
    request(await start())
      .get(`/api/openchoreo-build/components/${path}`)
      .set('Authorization', auth);

  it('answers the component with its spec.workflow defaults, annotations, type and autoBuild', async () => {
    const res = await get('default/default/greeter-service');
    expect(res.status).toBe(200);
    const expected: ComponentDetail = {
      namespace: 'default',
      project: 'default',
      name: 'greeter-service',
      generation: 'v0',
      displayName: 'Greeter Service',
      description: 'Says hello',
      componentType: 'deployment/service',
      workflow: greeter.spec!.workflow!,
      autoBuild: true,
    };
    expect(res.body).toEqual(expected);
    expect(JSON.stringify(res.body)).not.toContain('not-for-the-ui');
  });

  it('answers a v1 Component of a v1 org in a mixed control plane: type name, workflow kind and parameters', async () => {
    const res = await get('nova/web/greeter');
    expect(res.status).toBe(200);
    const expected: ComponentDetail = {
      namespace: 'nova',
      project: 'web',
      name: 'greeter',
      generation: 'v1',
      componentType: 'deployment/service',
      workflow: {
        kind: 'ClusterWorkflow',
        name: 'dockerfile-builder',
        parameters: novaGreeter.spec!.workflow!.parameters,
      },
      autoBuild: false,
    };
    expect(res.body).toEqual(expected);
  });

  it('leaves workflow and autoBuild out when the Component has neither', async () => {
    const res = await get('default/default/bare');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      namespace: 'default',
      project: 'default',
      name: 'bare',
      generation: 'v0',
      componentType: 'deployment/web-application',
    });
  });

  it('answers 404 naming the component when it does not exist', async () => {
    const res = await get('default/default/missing');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toMatch(
      /^Component default\/missing not found in control plane/,
    );
    expect(res.body.error.stack).toBeUndefined();
  });

  it('answers 404 when the component belongs to another project', async () => {
    const res = await get('default/default/other-project');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toBe(
      'Component default/other-project not found in project default (it belongs to project online-store)',
    );
  });

  it('answers 404 for a namespace that is not configured, without asking the control plane', async () => {
    const res = await get('elsewhere/default/greeter-service');
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
    expect(res.body.error.message).toMatch(
      /Namespace elsewhere is not one of the namespaces this portal shows/,
    );
    expect(asked).toEqual([]);
  });

  it.each([
    ['default/default/Bad_Name', 'component'],
    ['default/Not%20A%20Project/greeter-service', 'project'],
  ])('rejects %s with 400 naming %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(
      `${field}: must be a Kubernetes name`,
    );
    expect(asked).toEqual([]);
  });

  it('answers 502 naming the control plane when its request fails', async () => {
    const res = await get('default/default/broken');
    expect(res.status).toBe(502);
    expect(res.body.error.name).toBe('BadGatewayError');
    expect(res.body.error.message).toMatch(
      /^control plane request failed for Component default\/broken/,
    );
  });

  it('needs Backstage credentials', async () => {
    const res = await get(
      'default/default/greeter-service',
      mockCredentials.none.header(),
    );
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
    expect(asked).toEqual([]);
  });
});

describe('toComponentDetail', () => {
  it('keeps only the run fields of spec.workflow and ignores a workflow without a name', () => {
    const detail = toComponentDetail(
      {
        metadata: { name: 'c' },
        spec: {
          workflow: {
            name: 'docker',
            systemParameters: greeter.spec!.workflow!.systemParameters,
            extra: 1,
          } as never,
        },
      },
      'default',
      'p',
    );
    expect(detail).toEqual({
      namespace: 'default',
      project: 'p',
      name: 'c',
      generation: 'v0',
      workflow: {
        name: 'docker',
        systemParameters: greeter.spec!.workflow!.systemParameters,
      },
    });
    expect(
      toComponentDetail(
        {
          metadata: { name: 'c' },
          spec: { workflow: {} as never, autoBuild: false },
        },
        'default',
        'p',
      ),
    ).toEqual({
      namespace: 'default',
      project: 'p',
      name: 'c',
      generation: 'v0',
      autoBuild: false,
    });
  });
});

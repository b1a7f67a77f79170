import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import type { ComponentWorkflowRun } from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, claimingEntities } from '../__testUtils__/catalog';

const CP = 'http://control-plane.test';
const base = `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/default`;
const [dockerWorkflow] = loadReferenceYaml(
  referencePath(
    'openchoreo/samples-v0.9.0/default-component-workflows/docker.yaml',
  ),
);
const component = {
  metadata: { name: 'greeter-service', namespace: 'default' },
  spec: {
    owner: { projectName: 'default' },
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
  },
};
const SECRET_PASSWORD = 'observer-password-should-never-leak';

describe('router (against an msw control plane)', () => {
  const server = setupServer();
  const created: ComponentWorkflowRun[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
  afterAll(() => server.close());
  beforeEach(() => {
    created.length = 0;
    server.resetHandlers(
      // API discovery of a v0.9 control plane (GenerationDetector).
      http.get('http://control-plane.test/apis/openchoreo.dev/v1alpha1', () =>
        HttpResponse.json({
          kind: 'APIResourceList',
          resources: [
            { name: 'buildplanes' },
            { name: 'componentworkflowruns' },
          ],
        }),
      ),
      http.get(`${base}/components/greeter-service`, () =>
        HttpResponse.json(component),
      ),
      http.get(`${base}/componentworkflows/docker`, () =>
        HttpResponse.json(dockerWorkflow as object),
      ),
      http.get(`${base}/componentworkflowruns/x`, () =>
        HttpResponse.json({
          metadata: { name: 'x', namespace: 'default' },
          spec: {
            owner: { projectName: 'default', componentName: 'greeter-service' },
            workflow: { name: 'docker' },
          },
        }),
      ),
      http.get(`${base}/componentworkflowruns/missing`, () =>
        HttpResponse.json(
          {
            kind: 'Status',
            code: 404,
            message: 'componentworkflowruns "missing" not found',
          },
          { status: 404 },
        ),
      ),
      http.post(`${base}/componentworkflowruns`, async ({ request: req }) => {
        const body = (await req.json()) as ComponentWorkflowRun;
        created.push(body);
        return HttpResponse.json(
          {
            ...body,
            metadata: {
              ...body.metadata,
              creationTimestamp: '2025-01-01T00:00:00Z',
            },
          },
          { status: 201 },
        );
      }),
      http.get(`${base}/buildplanes`, () =>
        HttpResponse.json({
          items: [
            {
              metadata: { name: 'default', namespace: 'default' },
              spec: {
                agent: { enabled: true },
                observer: {
                  url: 'http://127.0.0.1:1',
                  authentication: {
                    basicAuth: { username: 'admin', password: SECRET_PASSWORD },
                  },
                },
              },
            },
            {
              metadata: { name: 'second', namespace: 'default' },
              spec: {
                kubernetesCluster: {
                  server: 'https://bp.test',
                  auth: { bearerToken: { value: 'SECOND-TOKEN-SECRET' } },
                },
              },
            },
          ],
        }),
      ),
    );
  });

  async function start(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server: app } = await startTestBackend({
      features: [
        catalogWith(claimingEntities(['default/default/greeter-service'])),
        openchoreoBuildPlugin,
        mockServices.rootConfig.factory({
          data: {
            openchoreo: {
              build: {
                namespaces: ['default'],
                controlPlane: { url: CP, token: 'cp-token' },
              },
            },
          },
        }),
        mockServices.permissions.factory({ result }),
      ],
    });
    return app;
  }
  const auth = mockCredentials.user.header();

  it('starts a run with the component defaults, a generated name and 201', async () => {
    const res = await request(await start())
      .post('/api/openchoreo-build/runs')
      .set('Authorization', auth)
      .send({
        namespace: 'default',
        project: 'default',
        component: 'greeter-service',
        systemParameters: { repository: { revision: { commit: 'abc1234' } } },
      });
    expect(res.status).toBe(201);
    expect(res.body.name).toMatch(/^greeter-service-workflow-[0-9a-f]{8}$/);
    expect(created).toHaveLength(1);
    expect(created[0].spec).toEqual({
      owner: { projectName: 'default', componentName: 'greeter-service' },
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: { branch: 'main', commit: 'abc1234' },
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
    });
    expect(
      created[0].metadata?.annotations?.['openchoreo.dev/created-by'],
    ).toBe('user:default/mock');
  });

  it.each([
    [
      {
        systemParameters: { repository: { revision: { commit: 'not-a-sha' } } },
      },
      'systemParameters.repository.revision.commit',
    ],
    [
      { systemParameters: { repository: { url: 'ftp://example.com/repo' } } },
      'systemParameters.repository.url',
    ],
    [
      { parameters: { docker: { filePath: 42 } } },
      'parameters.docker.filePath',
    ],
    [{ parameters: { unknown: 'x' } }, 'parameters.unknown'],
    [{ component: 'Bad_Name' }, 'component'],
    [{ namespace: 'elsewhere' }, 'namespace'],
  ])(
    'rejects %j with 400 naming %s, creating nothing',
    async (override, field) => {
      const res = await request(await start())
        .post('/api/openchoreo-build/runs')
        .set('Authorization', auth)
        .send({
          namespace: 'default',
          project: 'default',
          component: 'greeter-service',
          ...override,
        });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(`${field}:`);
      expect(res.body.error.stack).toBeUndefined();
      expect(created).toHaveLength(0);
    },
  );

  it('names each invalid value of a run request in error.fieldErrors, at its exact path', async () => {
    const app = await start();
    const post = (override: object) =>
      request(app)
        .post('/api/openchoreo-build/runs')
        .set('Authorization', auth)
        .send({
          namespace: 'default',
          project: 'default',
          component: 'greeter-service',
          ...override,
        });
    // Checked against the workflow's schema (the -common validator).
    const schema = await post({
      parameters: { docker: { filePath: 42 }, unknown: 'x' },
    });
    expect(schema.status).toBe(400);
    expect(schema.body.error.name).toBe('InputError');
    expect(
      [...schema.body.error.fieldErrors].sort(
        (a: { path: string }, b: { path: string }) =>
          a.path.localeCompare(b.path),
      ),
    ).toEqual([
      { path: 'parameters.docker.filePath', message: 'must be string' },
      {
        path: 'parameters.unknown',
        message: 'is not a field of this workflow',
      },
    ]);
    expect(schema.body.error.message).toMatch(/^Invalid run request: /);
    // The shell rule, before the schema.
    const shell = await post({
      parameters: { docker: { filePath: 'Dockerfile$(id)' } },
    });
    expect(shell.body.error.fieldErrors).toEqual([
      {
        path: 'parameters.docker.filePath',
        message:
          'must not contain "$(", backticks or line breaks (the workflow pastes it into a shell script)',
      },
    ]);
    // Checked by the body's shape (zod), with the same path syntax.
    const body = await post({
      systemParameters: { repository: { revision: { commit: 'not-a-sha' } } },
    });
    expect(body.status).toBe(400);
    expect(body.body.error.fieldErrors).toEqual([
      {
        path: 'systemParameters.repository.revision.commit',
        message:
          'must be a commit SHA of 7 to 40 hex digits (or empty for the latest)',
      },
    ]);
    expect(created).toHaveLength(0);
  });

  it('answers 403 without permission and creates nothing', async () => {
    const app = await start(AuthorizeResult.DENY);
    const res = await request(app)
      .post('/api/openchoreo-build/runs')
      .set('Authorization', auth)
      .send({
        namespace: 'default',
        project: 'default',
        component: 'greeter-service',
      });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(created).toHaveLength(0);
    const cancel = await request(app)
      .post('/api/openchoreo-build/runs/default/x/cancel')
      .set('Authorization', auth);
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.message).toBe(
      'You are not allowed to cancel builds of this component (permission openchoreo.build.run.cancel on component:default/default-default-greeter-service)',
    );
    const read = await request(app)
      .get('/api/openchoreo-build/runs/default/x')
      .set('Authorization', auth);
    expect(read.status).toBe(403);
  });

  it('maps a missing run to 404 and an unreachable control plane to 503', async () => {
    const app = await start();
    const missing = await request(app)
      .get('/api/openchoreo-build/runs/default/missing')
      .set('Authorization', auth);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(
      /ComponentWorkflowRun default\/missing not found in control plane/,
    );
    server.use(
      http.get(`${base}/componentworkflowruns`, () => HttpResponse.error()),
    );
    const down = await request(app)
      .get('/api/openchoreo-build/runs')
      .set('Authorization', auth);
    expect(down.status).toBeGreaterThanOrEqual(502);
    expect(down.body.error.message).toMatch(/control plane/);
  });

  it('lists build planes with modes and a warning when there are several, without credentials', async () => {
    const res = await request(await start())
      .get('/api/openchoreo-build/buildplanes?namespace=default')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(
      res.body.items.map(
        (p: { name: string; mode: string; active: boolean }) => [
          p.name,
          p.mode,
          p.active,
        ],
      ),
    ).toEqual([
      ['default', 'agent', true],
      ['second', 'direct', false],
    ]);
    expect(res.body.warnings[0]).toMatch(
      /has 2 BuildPlanes; OpenChoreo uses the first one listed \(default\)/,
    );
    expect(JSON.stringify(res.body)).not.toMatch(
      /observer-password|SECOND-TOKEN|cp-token/,
    );
  });
});

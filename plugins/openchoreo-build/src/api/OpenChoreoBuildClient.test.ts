import { registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  HolosValidationResult,
  RunEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { componentDetail, runSummary } from '../testUtils/mockApi';
import { errorMessage, fieldErrorsOf } from './fieldErrors';
import { OpenChoreoBuildClient } from './OpenChoreoBuildClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/openchoreo-build';
const client = new OpenChoreoBuildClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/runs' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('OpenChoreoBuildClient', () => {
  it("turns a Backstage error response into an error carrying the backend's message", async () => {
    server.use(
      http.get(`${baseUrl}/runs/:ns/:name`, () =>
        backstageError(401, 'AuthenticationError', 'Missing credentials'),
      ),
    );
    await expect(client.getRun('default', 'r1')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 401,
      body: { error: { message: 'Missing credentials' } },
    });
  });

  it('lists runs with filters (workflow, branch, trigger, creator too), limit and cursor in the query', async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/runs`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({ items: [runSummary()], nextCursor: 'next' });
      }),
    );
    const page = await client.listRuns({
      namespace: 'default',
      project: 'p',
      component: 'c',
      workflow: 'docker',
      statuses: ['Running', 'Failed'],
      branch: 'feature/login',
      trigger: 'user',
      createdBy: 'me',
      limit: 10,
      cursor: 'abc',
    });
    expect(page.nextCursor).toBe('next');
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      namespace: 'default',
      project: 'p',
      component: 'c',
      workflow: 'docker',
      status: 'Running,Failed',
      branch: 'feature/login',
      trigger: 'user',
      createdBy: 'me',
      limit: '10',
      cursor: 'abc',
    });
  });

  it('calls every other route with the right method and path', async () => {
    const seen: string[] = [];
    const record =
      (body: unknown) =>
      ({ request }: { request: Request }) => {
        seen.push(
          `${request.method} ${new URL(request.url).pathname.replace(
            '/api/openchoreo-build',
            '',
          )}${new URL(request.url).search}`,
        );
        return HttpResponse.json(body as object);
      };
    server.use(
      http.get(`${baseUrl}/buildplanes`, record({ items: [], warnings: [] })),
      http.get(`${baseUrl}/buildplanes/:ns/:name`, record({ checks: [] })),
      http.get(`${baseUrl}/workflows`, record({ items: [] })),
      http.get(
        `${baseUrl}/components/:ns/:project/:component`,
        record(componentDetail()),
      ),
      http.get(
        `${baseUrl}/components/:ns/:project/:component/workflows`,
        record({ items: [] }),
      ),
      http.get(`${baseUrl}/runs/:ns/:name`, record(runSummary())),
      http.post(`${baseUrl}/runs/:ns/:name/rerun`, record(runSummary())),
      http.post(
        `${baseUrl}/runs/:ns/:name/cancel`,
        record({ run: runSummary() }),
      ),
      http.get(
        `${baseUrl}/components/:ns/:project/:component/autobuild`,
        record({ autoBuild: true }),
      ),
      http.get(
        `${baseUrl}/components/:ns/:project/:component/autobuild/deliveries`,
        record({ items: [] }),
      ),
      http.put(
        `${baseUrl}/components/:ns/:project/:component/autobuild`,
        async ({ request }) => {
          seen.push(`PUT ${JSON.stringify(await request.json())}`);
          return HttpResponse.json({ autoBuild: false });
        },
      ),
      http.get(`${baseUrl}/runs/:ns/:name/steps/:step/logs`, ({ request }) => {
        seen.push(`GET logs${new URL(request.url).search}`);
        return new HttpResponse('line 1\n', {
          headers: { 'Content-Type': 'text/plain' },
        });
      }),
    );
    await client.listBuildPlanes();
    await client.listBuildPlanes({ namespace: 'acme' });
    await client.checkBuildPlane('acme', 'bp 1');
    await client.checkBuildPlane('nova', 'default', 'ClusterWorkflowPlane');
    await client.listWorkflows({ namespace: 'default' });
    await expect(
      client.listComponentWorkflows('default', 'my project', 'greeter-service'),
    ).resolves.toEqual({ items: [] });
    await expect(
      client.getComponent('default', 'my project', 'greeter-service'),
    ).resolves.toEqual(componentDetail());
    await client.getRun('default', 'r1');
    await client.rerunRun('default', 'r1');
    await client.cancelRun('default', 'r1');
    const component = {
      namespace: 'default',
      project: 'my project',
      component: 'greeter-service',
    };
    await expect(client.getAutoBuild(component)).resolves.toEqual({
      autoBuild: true,
    });
    await expect(client.setAutoBuild(component, false)).resolves.toEqual({
      autoBuild: false,
    });
    await expect(
      client.listWebhookDeliveries(component, { limit: 5 }),
    ).resolves.toEqual({ items: [] });
    const log = await client.downloadStepLog({
      namespace: 'default',
      runName: 'r1',
      step: 'build step',
    });
    expect(await log.text()).toBe('line 1\n');
    expect(seen).toEqual([
      'GET /buildplanes',
      'GET /buildplanes?namespace=acme',
      'GET /buildplanes/acme/bp%201',
      'GET /buildplanes/nova/default?kind=ClusterWorkflowPlane',
      'GET /workflows?namespace=default',
      'GET /components/default/my%20project/greeter-service/workflows',
      'GET /components/default/my%20project/greeter-service',
      'GET /runs/default/r1',
      'POST /runs/default/r1/rerun',
      'POST /runs/default/r1/cancel',
      'GET /components/default/my%20project/greeter-service/autobuild',
      'PUT {"enabled":false}',
      'GET /components/default/my%20project/greeter-service/autobuild/deliveries?limit=5',
      'GET logs?download=1',
    ]);
  });

  it('posts a new run as JSON and surfaces field errors of a 400', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/runs`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'Invalid run request: parameters.docker.filePath: must be string',
              fieldErrors: [
                {
                  path: 'parameters.docker.filePath',
                  message: 'must be string',
                },
              ],
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        );
      }),
    );
    const request = {
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      parameters: { docker: { filePath: 1 } },
    };
    const error = await client.createRun(request).catch(e => e);
    expect(body).toEqual(request);
    expect(error.statusCode).toBe(400);
    expect(errorMessage(error)).toBe(
      'Invalid run request: parameters.docker.filePath: must be string',
    );
    expect(fieldErrorsOf(error)).toEqual([
      { path: 'parameters.docker.filePath', message: 'must be string' },
    ]);
  });

  it('streams run events over fetch, with the token-carrying fetchApi', async () => {
    const event: RunEvent = {
      type: 'added',
      namespace: 'default',
      run: runSummary({ status: 'Pending' }),
    };
    const authorization: Array<string | null> = [];
    server.use(
      http.get(`${baseUrl}/events`, ({ request }) => {
        authorization.push(request.headers.get('authorization'));
        const encoder = new TextEncoder();
        const stream = new ReadableStream({
          start(controller) {
            controller.enqueue(
              encoder.encode(
                'retry: 3000\n\nid: default:e:0\nevent: ready\ndata: {"namespaces":["default"]}\n\n',
              ),
            );
            controller.enqueue(
              encoder.encode(
                `id: default:e:1\nevent: run\ndata: ${JSON.stringify(
                  event,
                )}\n\n`,
              ),
            );
            controller.enqueue(
              encoder.encode(
                'id: default:e:1\nevent: reset\ndata: {"namespaces":["default"],"reason":"gone"}\n\n',
              ),
            );
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'text/event-stream' },
        });
      }),
    );
    const authed = new OpenChoreoBuildClient({
      discoveryApi: { getBaseUrl: async () => baseUrl },
      fetchApi: {
        fetch: (input, init) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as object),
              Authorization: 'Bearer t',
            },
          }),
      },
    });
    const received: RunEvent[] = [];
    const ready = jest.fn();
    let done: () => void = () => {};
    const bothArrived = new Promise<void>(resolve => {
      done = resolve;
    });
    const push = (item: RunEvent) => {
      received.push(item);
      if (received.length === 2) done();
    };
    const subscription = authed.subscribeToRunEvents(
      { namespace: 'default' },
      { onRun: push, onReady: ready, onReset: reset => push(reset as never) },
    );
    await bothArrived;
    subscription.close();
    expect(ready).toHaveBeenCalledWith({ namespaces: ['default'] });
    expect(received).toEqual([
      event,
      { namespaces: ['default'], reason: 'gone' },
    ]);
    expect(authorization).toEqual(['Bearer t']);
  });
});

describe('OpenChoreoBuildClient: Holos render plans', () => {
  const result: HolosValidationResult = {
    valid: true,
    plans: [],
    platforms: [],
  };

  it('posts the plan text as application/yaml, unchanged, and answers the analysis', async () => {
    let seen: { type: string | null; body: string } | undefined;
    server.use(
      http.post(`${baseUrl}/holos/buildplans/validate`, async ({ request }) => {
        seen = {
          type: request.headers.get('content-type'),
          body: await request.text(),
        };
        return HttpResponse.json(result);
      }),
    );
    const text = 'kind: BuildPlan\napiVersion: v1alpha6\n';
    await expect(client.validateHolosPlans(text)).resolves.toEqual(result);
    expect(seen).toEqual({ type: 'application/yaml', body: text });
  });

  it("rejects unreadable text with the backend's 400 message, which names the line", async () => {
    server.use(
      http.post(`${baseUrl}/holos/buildplans/validate`, () =>
        backstageError(
          400,
          'InputError',
          'line 3, column 7: spec.artifacts: expected a sequence',
        ),
      ),
    );
    const error = await client.validateHolosPlans('spec: [').catch(e => e);
    expect(error.statusCode).toBe(400);
    expect(errorMessage(error)).toBe(
      'line 3, column 7: spec.artifacts: expected a sequence',
    );
  });

  it("reads an entity's plans with the entity ref in the query, and rejects a 404", async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${baseUrl}/holos/buildplans`, ({ request }) => {
        const url = new URL(request.url);
        urls.push(url.search);
        const entityRef = url.searchParams.get('entityRef');
        if (entityRef === 'component:default/none') {
          return backstageError(404, 'NotFoundError', 'no annotation');
        }
        return HttpResponse.json({
          ...result,
          entityRef,
          location: 'url:https://example.test/plans.yaml',
        });
      }),
    );
    await expect(
      client.getHolosPlans('component:default/platform'),
    ).resolves.toMatchObject({
      entityRef: 'component:default/platform',
      location: 'url:https://example.test/plans.yaml',
    });
    await expect(
      client.getHolosPlans('component:default/none'),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(urls).toEqual([
      '?entityRef=component%3Adefault%2Fplatform',
      '?entityRef=component%3Adefault%2Fnone',
    ]);
  });
});

describe('fieldErrorsOf', () => {
  it('reads the field errors of a 400 body and nothing else', async () => {
    const failed = (body: object) =>
      ResponseError.fromResponse(
        new Response(
          JSON.stringify({ ...body, response: { statusCode: 400 } }),
          {
            status: 400,
            headers: { 'Content-Type': 'application/json' },
          },
        ) as never,
      );
    expect(
      fieldErrorsOf(
        await failed({
          error: {
            name: 'InputError',
            message: 'x',
            fieldErrors: [
              { path: 'parameters.a.0', message: 'is required' },
              { path: 1, message: 'not a path' },
            ],
          },
        }),
      ),
    ).toEqual([{ path: 'parameters.a.0', message: 'is required' }]);
    expect(
      fieldErrorsOf(
        await failed({
          error: { name: 'InputError', message: 'component: x does not exist' },
        }),
      ),
    ).toBeUndefined();
    expect(fieldErrorsOf(new Error('network'))).toBeUndefined();
  });
});

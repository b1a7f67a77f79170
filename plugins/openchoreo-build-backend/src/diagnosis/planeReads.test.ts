import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NotFoundError } from '@backstage/errors';
import { KubernetesBuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { upstreamStatusOf } from '../kubernetes/kubernetesErrors';
import { readStepLogTail } from './logTail';
import { connectorReads } from './planeReads';

const SERVER = 'https://build-plane.test';
const NS = 'openchoreo-ci-default';
const POD = 'run-push-step-1234';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function reads() {
  const kc = kubeConfigFor({ server: SERVER, token: 'token' });
  const connector = new KubernetesBuildPlaneConnector(
    'default',
    'default',
    'agent',
    new KubernetesClient(
      kc,
      'build plane default/default (via cluster gateway)',
      5000,
    ),
  );
  return connectorReads(connector, 5000);
}

const forbidden = (what: string) =>
  HttpResponse.json(
    {
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `${what} is forbidden: User "system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane" cannot list resource "events" in API group "" in the namespace "${NS}"`,
    },
    { status: 403 },
  );

describe('connectorReads', () => {
  const signal = new AbortController().signal;

  it('lists the events of one pod, oldest first, with a field selector', async () => {
    let selector: string | null = null;
    server.use(
      http.get(`${SERVER}/api/v1/namespaces/${NS}/events`, ({ request }) => {
        selector = new URL(request.url).searchParams.get('fieldSelector');
        return HttpResponse.json({
          kind: 'EventList',
          items: [
            {
              involvedObject: { kind: 'Pod', name: POD },
              reason: 'FailedMount',
              lastTimestamp: '2026-01-10T10:05:00Z',
            },
            {
              involvedObject: { kind: 'Pod', name: POD },
              reason: 'Scheduled',
              lastTimestamp: '2026-01-10T10:00:00Z',
            },
          ],
        });
      }),
    );
    const events = await reads().listPodEvents(NS, POD, signal);
    expect(selector).toBe(`involvedObject.kind=Pod,involvedObject.name=${POD}`);
    expect(events.map(e => e.reason)).toEqual(['Scheduled', 'FailedMount']);
  });

  it('keeps the 403 of a plane that may not read events visible to the gatherer', async () => {
    server.use(
      http.get(`${SERVER}/api/v1/namespaces/${NS}/events`, () =>
        forbidden('events'),
      ),
    );
    const error = await reads()
      .listPodEvents(NS, POD, signal)
      .catch(e => e);
    expect(upstreamStatusOf(error)).toBe(403);
  });

  it('lists the pods of a Workflow by its label', async () => {
    let selector: string | null = null;
    server.use(
      http.get(`${SERVER}/api/v1/namespaces/${NS}/pods`, ({ request }) => {
        selector = new URL(request.url).searchParams.get('labelSelector');
        return HttpResponse.json({
          kind: 'PodList',
          items: [{ metadata: { name: POD } }],
        });
      }),
    );
    const pods = await reads().listWorkflowPods(NS, 'run', signal);
    expect(selector).toBe('workflows.argoproj.io/workflow=run');
    expect(pods.map(p => p.metadata?.name)).toEqual([POD]);
  });

  it('answers undefined for a pod that is gone', async () => {
    server.use(
      http.get(`${SERVER}/api/v1/namespaces/${NS}/pods/${POD}`, () =>
        HttpResponse.json(
          { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 },
          { status: 404 },
        ),
      ),
    );
    await expect(reads().getPod(NS, POD, signal)).resolves.toBeUndefined();
  });

  it('reads ExternalSecrets as v1beta1 when v1 is not served', async () => {
    server.use(
      http.get(
        `${SERVER}/apis/external-secrets.io/v1/namespaces/${NS}/externalsecrets`,
        () =>
          HttpResponse.json(
            {
              kind: 'Status',
              status: 'Failure',
              reason: 'NotFound',
              code: 404,
            },
            { status: 404 },
          ),
      ),
      http.get(
        `${SERVER}/apis/external-secrets.io/v1beta1/namespaces/${NS}/externalsecrets`,
        () =>
          HttpResponse.json({
            kind: 'ExternalSecretList',
            items: [{ metadata: { name: 'es', namespace: NS } }],
          }),
      ),
    );
    const listed = await reads().listExternalSecrets(NS);
    expect(listed.map(e => e.metadata?.name)).toEqual(['es']);
  });
});

describe('the failed step’s log tail', () => {
  const signal = new AbortController().signal;
  const stamp = (i: number) => `2026-01-10T10:00:0${i}.000000000Z`;

  it('numbers lines as the log route does: from 1 at the start of pods/log, timestamps removed', async () => {
    const requests: URLSearchParams[] = [];
    server.use(
      http.get(
        `${SERVER}/api/v1/namespaces/${NS}/pods/${POD}/log`,
        ({ request }) => {
          requests.push(new URL(request.url).searchParams);
          // The last line has no newline: the container has finished, it is complete.
          return new HttpResponse(
            `${stamp(1)} Cloning\r\n${stamp(2)} \n${stamp(
              3,
            )} fatal: repository 'x' not found`,
          );
        },
      ),
    );
    const tail = await reads().readLogTail(NS, POD, 'clone-step', signal);
    expect(requests[0].get('container')).toBe('main');
    expect(requests[0].get('timestamps')).toBe('true');
    expect(tail).toEqual({
      step: 'clone-step',
      podName: POD,
      lines: [
        { line: 1, text: 'Cloning' },
        { line: 2, text: '' },
        { line: 3, text: "fatal: repository 'x' not found" },
      ],
    });
  });

  it('reads only the end of a log too long to count, and quotes it unnumbered', async () => {
    const requests: URLSearchParams[] = [];
    server.use(
      http.get(
        `${SERVER}/api/v1/namespaces/${NS}/pods/${POD}/log`,
        ({ request }) => {
          const query = new URL(request.url).searchParams;
          requests.push(query);
          if (query.get('tailLines'))
            return new HttpResponse(
              `${stamp(8)} almost\n${stamp(9)} the end\n`,
            );
          return new HttpResponse(
            `${stamp(1)} ${'x'.repeat(200)}\n`.repeat(10),
          );
        },
      ),
    );
    const tail = await readStepLogTail(
      {
        kubeConfig: kubeConfigFor({ server: SERVER, token: 'token' }),
        target: 'build plane',
        namespace: NS,
        pod: POD,
        timeoutMs: 5000,
        scanBytes: 1000,
        tailLines: 2,
      },
      'build-step',
    );
    expect(requests.map(q => q.get('tailLines'))).toEqual([null, '2']);
    expect(requests[0].get('limitBytes')).toBe('1000');
    expect(tail.lines).toEqual([{ text: 'almost' }, { text: 'the end' }]);
  });

  it('fails with NotFoundError when the pod is gone', async () => {
    server.use(
      http.get(`${SERVER}/api/v1/namespaces/${NS}/pods/${POD}/log`, () =>
        HttpResponse.json(
          { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 },
          { status: 404 },
        ),
      ),
    );
    await expect(
      reads().readLogTail(NS, POD, 'clone-step', signal),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

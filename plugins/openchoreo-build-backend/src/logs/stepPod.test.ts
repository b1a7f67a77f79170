import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { BadGatewayError } from '../errors';
import { kubeConfigFor } from '../kubernetes/KubernetesClient';
import { StepPodFinder, type StepPod } from './stepPod';

const API = 'http://build-plane.test';
const NS = 'openchoreo-ci-acme';
const WF = 'greeter-workflow-1a2b3c4d';

/** A pod as Argo creates it (`workflow/controller/workflowpod.go@v3.6.4` ~166-176). */
function argoPod(name: string, nodeName: string, uid: string): StepPod {
  return {
    metadata: {
      name,
      namespace: NS,
      uid,
      labels: { 'workflows.argoproj.io/workflow': WF },
      annotations: {
        'workflows.argoproj.io/node-name': nodeName,
        'workflows.argoproj.io/node-id': `${WF}-${uid}`,
      },
    },
    status: { phase: 'Running' },
  };
}

describe('StepPodFinder', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const finder = () =>
    new StepPodFinder({
      kubeConfig: kubeConfigFor({ server: API, token: 'bp-token' }),
      namespace: NS,
      workflowName: WF,
      target: 'build plane acme/default (direct)',
      timeoutMs: 5000,
    });
  const pods = [
    argoPod(`${WF}-clone-step-1`, `${WF}[0].clone-step`, 'uid-clone'),
    // Named unlike any prediction (a v1 name, a renamed template…): found by its annotation.
    argoPod('some-other-name', `${WF}[1].build-step`, 'uid-build'),
  ];

  /** Serves the pod list (recording its label selector) and single pods by name. */
  function servePods(list: () => Response) {
    const seen: string[] = [];
    server.use(
      http.get(`${API}/api/v1/namespaces/${NS}/pods`, ({ request }) => {
        seen.push(
          `list ${new URL(request.url).searchParams.get('labelSelector')}`,
        );
        return list();
      }),
      http.get(`${API}/api/v1/namespaces/${NS}/pods/:name`, ({ params }) => {
        seen.push(`get ${String(params.name)}`);
        const pod = pods.find(p => p.metadata?.name === params.name);
        return pod
          ? HttpResponse.json(pod)
          : HttpResponse.json(
              {
                kind: 'Status',
                status: 'Failure',
                reason: 'NotFound',
                code: 404,
              },
              { status: 404 },
            );
      }),
    );
    return seen;
  }

  it('lists the Workflow pods by label and picks the one annotated with the node name', async () => {
    const seen = servePods(() => HttpResponse.json({ items: pods }));
    const podFinder = finder();
    const pod = await podFinder.find({
      nodeName: `${WF}[1].build-step`,
      predictedName: `${WF}-build-step-2345`,
    });
    expect(pod?.metadata?.name).toBe('some-other-name');
    expect(pod?.metadata?.uid).toBe('uid-build');
    expect(seen).toEqual([`list workflows.argoproj.io/workflow=${WF}`]);
    // Later looks read the found pod by name, until the node changes.
    await podFinder.find({
      nodeName: `${WF}[1].build-step`,
      predictedName: `${WF}-build-step-2345`,
    });
    expect(seen.slice(1)).toEqual(['get some-other-name']);
  });

  it('matches the node id annotation too, and answers undefined when no pod runs the node', async () => {
    servePods(() => HttpResponse.json({ items: pods }));
    expect(
      (await finder().find({ nodeId: `${WF}-uid-clone` }))?.metadata?.name,
    ).toBe(`${WF}-clone-step-1`);
    expect(
      await finder().find({
        nodeName: `${WF}[2].push-step`,
        predictedName: `${WF}-push-step-1`,
      }),
    ).toBeUndefined();
  });

  it('falls back to the predicted name only when the plane may not list pods (403)', async () => {
    const seen = servePods(() =>
      HttpResponse.json(
        { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403 },
        { status: 403 },
      ),
    );
    const podFinder = finder();
    const pod = await podFinder.find({
      nodeName: `${WF}[0].clone-step`,
      predictedName: `${WF}-clone-step-1`,
    });
    expect(pod?.metadata?.uid).toBe('uid-clone');
    expect(podFinder.listsPods).toBe(false);
    // A wrong prediction then finds nothing.
    expect(
      await podFinder.find({
        nodeName: `${WF}[1].build-step`,
        predictedName: `${WF}-build-step-2345`,
      }),
    ).toBeUndefined();
    expect(seen).toEqual([
      `list workflows.argoproj.io/workflow=${WF}`,
      `get ${WF}-clone-step-1`,
      `get ${WF}-build-step-2345`,
    ]);
  });

  it('passes other failures of the list on', async () => {
    servePods(() => HttpResponse.json({ message: 'boom' }, { status: 500 }));
    await expect(
      finder().find({ nodeName: `${WF}[0].clone-step` }),
    ).rejects.toThrow(BadGatewayError);
  });
});

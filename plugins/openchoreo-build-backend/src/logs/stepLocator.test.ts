import { InputError, NotFoundError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type {
  ArgoNodeStatus,
  ArgoWorkflow,
  BuildPlane,
  ComponentWorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { KubernetesBuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { fnv1a32 } from '../runs/argoPodName';
import type { StepPod } from './stepPod';
import { StepLocator } from './stepLocator';

const API = 'http://build-plane.test';
const NS = 'openchoreo-ci-acme';
const WF = 'greeter-workflow-1a2b3c4d';
const id = (nodeName: string) => `${WF}-${fnv1a32(nodeName)}`;

/** A Pod node of the Workflow, keyed by its id as Argo does. */
function podNode(
  nodeName: string,
  templateName: string,
  extra: Partial<ArgoNodeStatus> = {},
): [string, ArgoNodeStatus] {
  return [
    id(nodeName),
    {
      id: id(nodeName),
      name: nodeName,
      displayName: nodeName.replace(/^.*\./, ''),
      type: 'Pod',
      templateName,
      phase: 'Running',
      startedAt: '2026-01-01T00:00:01Z',
      ...extra,
    },
  ];
}

const NODES = {
  clone: `${WF}[0].clone-step`,
  build: `${WF}[1].build-step`,
  fail1: `${WF}[2].sub1.fail`,
  fail2: `${WF}[2].sub2.fail`,
};

function workflow(annotations: Record<string, string> = {}): ArgoWorkflow {
  return {
    metadata: { name: WF, namespace: NS, annotations },
    spec: {
      // Declared inline: the locator can tell "not started yet" from "no such step".
      templates: [
        {
          name: 'main',
          steps: [
            [{ name: 'clone-step' }],
            [{ name: 'build-step' }],
            [{ name: 'sub1' }, { name: 'sub2' }],
            [{ name: 'push-step' }],
          ],
        },
        { name: 'sub', dag: { tasks: [{ name: 'fail' }] } },
      ],
    } as ArgoWorkflow['spec'],
    status: {
      phase: 'Running',
      nodes: Object.fromEntries([
        podNode(NODES.clone, 'clone-step', {
          phase: 'Succeeded',
          finishedAt: '2026-01-01T00:00:02Z',
        }),
        podNode(NODES.build, 'build-step'),
        podNode(NODES.fail1, 'fail'),
        podNode(NODES.fail2, 'fail'),
      ]),
    },
  };
}

/** A pod as Argo creates it: workflow label, node-name and node-id annotations. */
function pod(name: string, nodeName: string, uid: string): StepPod {
  return {
    metadata: {
      name,
      namespace: NS,
      uid,
      labels: { 'workflows.argoproj.io/workflow': WF },
      annotations: {
        'workflows.argoproj.io/node-name': nodeName,
        'workflows.argoproj.io/node-id': id(nodeName),
      },
    },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'main', state: { running: {} } }],
    },
  };
}

const run: ComponentWorkflowRun = {
  metadata: { name: WF, namespace: 'acme' },
  status: {
    runReference: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: WF,
      namespace: NS,
    },
  },
};

describe('StepLocator', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** The build plane: the Workflow, its pods (listable unless `listForbidden`), single pods. */
  function buildPlane(options: {
    workflow: ArgoWorkflow;
    pods: StepPod[];
    listForbidden?: boolean;
  }) {
    const requests: string[] = [];
    const status = (code: number, reason: string) =>
      HttpResponse.json(
        { kind: 'Status', status: 'Failure', reason, code },
        { status: code },
      );
    server.use(
      http.get(
        `${API}/apis/argoproj.io/v1alpha1/namespaces/${NS}/workflows/${WF}`,
        () => HttpResponse.json(options.workflow),
      ),
      http.get(`${API}/api/v1/namespaces/${NS}/pods`, ({ request }) => {
        requests.push(`list ${new URL(request.url).search}`);
        return options.listForbidden
          ? status(403, 'Forbidden')
          : HttpResponse.json({ items: options.pods });
      }),
      http.get(`${API}/api/v1/namespaces/${NS}/pods/:name`, ({ params }) => {
        requests.push(`get ${String(params.name)}`);
        const found = options.pods.find(p => p.metadata?.name === params.name);
        return found ? HttpResponse.json(found) : status(404, 'NotFound');
      }),
    );
    return requests;
  }

  function locator(step: string): Promise<StepLocator> {
    const connector = new KubernetesBuildPlaneConnector(
      'acme',
      'default',
      'direct',
      new KubernetesClient(
        kubeConfigFor({ server: API, token: 'bp-token' }),
        'build plane acme/default (direct)',
        5000,
      ),
    );
    const plane: BuildPlane = {
      metadata: { name: 'default', namespace: 'acme' },
    };
    // Only what the locator asks of them.
    const registry = {
      activeBuildPlane: async () => plane,
      connectorFor: async () => connector,
      observerFor: async () => undefined,
    };
    const controlPlane = { getRun: async () => run };
    return StepLocator.create({
      namespace: 'acme',
      runName: WF,
      step,
      controlPlane: controlPlane as unknown as ControlPlane,
      registry: registry as unknown as BuildPlaneRegistry,
      timeoutMs: 5000,
    });
  }

  it("finds the step's pod by its node-name annotation when the predicted name would be wrong", async () => {
    // The Workflow is not annotated, so v2 names are predicted; the controller named its pods v1.
    const requests = buildPlane({
      workflow: workflow(),
      pods: [
        pod(id(NODES.clone), NODES.clone, 'uid-clone'),
        pod(id(NODES.build), NODES.build, 'uid-build'),
      ],
    });
    const located = await locator('build-step');
    expect(await located.locate()).toEqual({
      kind: 'pod',
      podName: id(NODES.build),
      podUid: 'uid-build',
      finished: false,
      mainStarted: true,
    });
    expect(located.podUid).toBe('uid-build');
    expect(requests).toEqual([
      `list ?labelSelector=workflows.argoproj.io%2Fworkflow%3D${WF}`,
    ]);
  });

  it('reads v1 names (the node id) when pods may not be listed and the Workflow says v1', async () => {
    const requests = buildPlane({
      workflow: workflow({ 'workflows.argoproj.io/pod-name-format': 'v1' }),
      pods: [pod(id(NODES.build), NODES.build, 'uid-build')],
      listForbidden: true,
    });
    const located = await locator(id(NODES.build));
    expect(await located.locate()).toMatchObject({
      kind: 'pod',
      podName: id(NODES.build),
      podUid: 'uid-build',
    });
    expect(requests.slice(1)).toEqual([`get ${id(NODES.build)}`]);
  });

  it('keeps the pod UID once the pod is gone', async () => {
    const live = {
      workflow: workflow(),
      pods: [pod('build-pod', NODES.build, 'uid-build')],
    };
    buildPlane(live);
    const located = await locator('build-step');
    expect((await located.locate()).kind).toBe('pod');
    live.pods = [];
    buildPlane(live);
    expect(await located.locate()).toEqual({
      kind: 'gone',
      podName: 'build-pod',
      podUid: 'uid-build',
      finished: false,
    });
  });

  it('takes a step id, then a display path, and refuses a name two steps share', async () => {
    buildPlane({
      workflow: workflow(),
      pods: [
        pod('fail-1', NODES.fail1, 'uid-1'),
        pod('fail-2', NODES.fail2, 'uid-2'),
      ],
    });
    expect(await (await locator(id(NODES.fail2))).locate()).toMatchObject({
      podName: 'fail-2',
    });
    expect(await (await locator('sub1.fail')).locate()).toMatchObject({
      podName: 'fail-1',
    });
    const ambiguous = (await locator('fail')).locate();
    await expect(ambiguous).rejects.toThrow(InputError);
    await expect(ambiguous).rejects.toThrow(
      `Step name fail is ambiguous in run acme/${WF}: 2 steps have it. Ask for one by its id: ${id(
        NODES.fail1,
      )} (sub1.fail), ${id(NODES.fail2)} (sub2.fail)`,
    );
  });

  it('waits for a declared step that has not started, and answers 404 for an unknown one', async () => {
    buildPlane({ workflow: workflow(), pods: [] });
    expect(await (await locator('push-step')).locate()).toEqual({
      kind: 'pending',
      message: 'Step push-step has not started yet',
    });
    await expect((await locator('nope-step')).locate()).rejects.toThrow(
      NotFoundError,
    );
    await expect((await locator('nope-step')).locate()).rejects.toThrow(
      /its steps: clone-step, build-step, sub1\.fail, sub2\.fail/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import {
  ApiException,
  CoreV1Api,
  CoreV1Event,
  CustomObjectsApi,
  V1Pod,
} from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  rawRequest,
  REFERENCE,
  runBody,
  startHarness,
  VERSION,
} from '../../__testUtils__/harness';
import { ArgoWorkflow } from '../../__testUtils__/types';
import { watchUntil } from '../../__testUtils__/watchUntil';
import { KObject } from '../../apiserver/types';
import { readConditions } from '../conditions';

jest.setTimeout(60000);

/**
 * A step whose pod mounts a missing Secret, as Kubernetes runs it: the kubelet cannot set up the
 * volume, so no container starts (all wait `PodInitializing`: `convertToAPIContainerStatuses`,
 * `pkg/kubelet/kubelet_pods.go`), it records `FailedMount` warnings whose `count` grows, the Argo
 * node stays Pending (`getPendingReason`, argo-workflows `workflow/controller/operator.go`) and
 * the run neither fails nor ends; once the Secret exists the pod starts and the build finishes.
 */
const WF_API = 'argoproj.io/v1alpha1';
const WFS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' };
const FAILED_MOUNT = (volume: string, secret: string): string =>
  `MountVolume.SetUp failed for volume "${volume}" : secret "${secret}" not found`;

/** Waits for a FailedMount event in `namespace` seen at least `times` times, via a watch. */
async function failedMount(
  h: Harness,
  namespace: string,
  times: number,
): Promise<CoreV1Event> {
  const seen = await watchUntil(
    h.build,
    `/api/v1/namespaces/${namespace}/events`,
    { fieldSelector: 'reason=FailedMount' },
    events => events.some(e => Number(e.object.count) >= times),
  );
  return seen.find(e => Number(e.object.count) >= times)!
    .object as unknown as CoreV1Event;
}

function podNode(wf: KObject, template: string) {
  return Object.values((wf as ArgoWorkflow).status?.nodes ?? {}).find(
    n => n.templateName === template,
  );
}

describe('a step pod mounting a missing Secret', () => {
  describe('with the real with-private-registry template on the build plane', () => {
    let h: Harness;
    const NS = 'builds';
    beforeAll(async () => {
      h = await startHarness();
      h.sandbox.buildPlane.ensureNamespace(NS);
      const template = YAML.parse(
        readFileSync(
          join(
            REFERENCE,
            'openchoreo/samples-v0.9.0/component-workflows/with-private-registry/cluster-workflow-template.yaml',
          ),
          'utf8',
        ),
      );
      await h.build.makeApiClient(CustomObjectsApi).createClusterCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'clusterworkflowtemplates',
        body: template,
      });
    });
    afterAll(() => h.close());

    it('holds push-step in PodInitializing with FailedMount events until the Secret exists', async () => {
      const core = h.build.makeApiClient(CoreV1Api);
      const name = 'private-registry-build';
      await h.build
        .makeApiClient(CustomObjectsApi)
        .createNamespacedCustomObject({
          ...WFS,
          namespace: NS,
          body: {
            apiVersion: WF_API,
            kind: 'Workflow',
            metadata: { name },
            spec: {
              arguments: {
                parameters: [
                  {
                    name: 'git-repo',
                    value: 'https://github.com/openchoreo/sample-workloads',
                  },
                  { name: 'branch', value: 'main' },
                  { name: 'image-name', value: 'default-greeter-image' },
                  { name: 'image-tag', value: 'v1' },
                ],
              },
              serviceAccountName: 'workflow-sa',
              workflowTemplateRef: {
                clusterScope: true,
                name: 'google-cloud-buildpacks-private-registry',
              },
            },
          },
        });

      const event = await failedMount(h, NS, 2);
      expect(event).toMatchObject({
        type: 'Warning',
        reason: 'FailedMount',
        message: FAILED_MOUNT('registry-push-secret', 'registry-push-secret'),
        source: { component: 'kubelet' },
        involvedObject: { kind: 'Pod', namespace: NS },
      });
      expect(event.metadata.name).toMatch(
        new RegExp(`^${event.involvedObject.name}\\.[0-9a-f]+$`),
      );
      expect(Date.parse(String(event.lastTimestamp))).toBeGreaterThanOrEqual(
        Date.parse(String(event.firstTimestamp)),
      );
      const podName = event.involvedObject.name!;

      // kubectl describe lists a pod's events with this field selector.
      const listed = await core.listNamespacedEvent({
        namespace: NS,
        fieldSelector: `involvedObject.name=${podName},involvedObject.kind=Pod`,
      });
      expect(listed.items.map(e => e.reason)).toEqual(['FailedMount']);

      const pod: V1Pod = await core.readNamespacedPod({
        namespace: NS,
        name: podName,
      });
      expect(event.involvedObject.uid).toBe(pod.metadata?.uid);
      expect(
        pod.metadata?.annotations?.['workflows.argoproj.io/node-name'],
      ).toBe(`${name}[2].push-step`);
      expect(pod.status?.phase).toBe('Pending');
      const states = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ].map(c => [c.name, c.state?.waiting?.reason]);
      expect(states).toEqual(
        expect.arrayContaining([
          ['init', 'PodInitializing'],
          ['main', 'PodInitializing'],
          ['wait', 'PodInitializing'],
        ]),
      );
      expect(pod.spec?.volumes).toContainEqual({
        name: 'registry-push-secret',
        secret: { secretName: 'registry-push-secret', defaultMode: 420 },
      });
      // kubectl get pods: the server-side printer's STATUS (`printPod`, pkg/printers/internalversion/printers.go).
      const table = await rawRequest(
        `${h.sandbox.endpoints.buildPlane.url}/api/v1/namespaces/${NS}/pods/${podName}`,
        {
          headers: {
            Authorization: `Bearer ${h.sandbox.endpoints.buildPlane.token}`,
            Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
          },
          ca: Buffer.from(
            h.sandbox.endpoints.buildPlane.caData,
            'base64',
          ).toString(),
        },
      );
      const { columnDefinitions, rows } = JSON.parse(table.body);
      const statusColumn = columnDefinitions.findIndex(
        (c: { name: string }) => c.name === 'Status',
      );
      expect(rows[0].cells[statusColumn]).toBe('Init:0/1');
      const log = await core
        .readNamespacedPodLog({
          namespace: NS,
          name: podName,
          container: 'main',
        })
        .then(
          () => undefined,
          (e: ApiException<string>) => e,
        );
      expect(log?.code).toBe(400);
      expect(String(log?.body)).toContain(
        'is waiting to start: PodInitializing',
      );

      const blocked = h.sandbox.buildPlane.get(WF_API, 'workflows', NS, name)!;
      expect((blocked as ArgoWorkflow).status?.phase).toBe('Running');
      expect(podNode(blocked, 'build-step')?.phase).toBe('Succeeded');
      expect(podNode(blocked, 'push-step')).toMatchObject({
        phase: 'Pending',
        message: 'PodInitializing',
      });

      await core.createNamespacedSecret({
        namespace: NS,
        body: {
          metadata: { name: 'registry-push-secret' },
          type: 'kubernetes.io/dockerconfigjson',
          stringData: { '.dockerconfigjson': '{"auths":{}}' },
        },
      });
      const done = await h.sandbox.waitForObject(
        h.sandbox.buildPlane,
        WF_API,
        'workflows',
        NS,
        name,
        wf => (wf as ArgoWorkflow | undefined)?.status?.phase === 'Succeeded',
      );
      expect(podNode(done!, 'push-step')?.phase).toBe('Succeeded');
      const started = await core.readNamespacedPod({
        namespace: NS,
        name: podName,
      });
      expect(started.status?.phase).not.toBe('Pending');
    });
  });

  describe("with acme's docker workflow, whose ExternalSecret cannot sync", () => {
    let h: Harness;
    const ORG = 'acme';
    const NS = `openchoreo-ci-${ORG}`;
    beforeAll(async () => {
      h = await startHarness({ seed: true });
    });
    afterAll(() => h.close());

    it('leaves the target Secret absent when an ExternalSecret cannot sync (SecretSyncedError)', async () => {
      const es = h.build.makeApiClient(CustomObjectsApi);
      await es.createNamespacedCustomObject({
        group: 'external-secrets.io',
        version: 'v1',
        plural: 'externalsecrets',
        namespace: NS,
        body: {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: { name: 'unsyncable' },
          spec: {
            secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
            target: { name: 'unsyncable-target', creationPolicy: 'Owner' },
            data: [{ secretKey: 'token', remoteRef: { key: 'no-such-key' } }],
          },
        },
      });
      const synced = await h.sandbox.waitForObject(
        h.sandbox.buildPlane,
        'external-secrets.io/v1',
        'externalsecrets',
        NS,
        'unsyncable',
        obj => !!obj?.status,
      );
      expect(readConditions(synced!.status)[0]).toMatchObject({
        type: 'Ready',
        status: 'False',
        reason: 'SecretSyncedError',
      });
      expect(
        h.sandbox.buildPlane.get('v1', 'secrets', NS, 'unsyncable-target'),
      ).toBeUndefined();
    });

    it('keeps the run going (no invented failure) until registry-push-secret is created', async () => {
      expect(
        h.sandbox.buildPlane.get('v1', 'secrets', NS, 'registry-push-secret'),
      ).toBeUndefined();
      const name = 'greeter-service-workflow-5ec2e700';
      await h.control
        .makeApiClient(CustomObjectsApi)
        .createNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          plural: 'componentworkflowruns',
          namespace: ORG,
          body: runBody(name),
        });
      const event = await failedMount(h, NS, 2);
      // The registry credentials are mounted by push-step, not by the clone step.
      expect(event.message).toBe(
        FAILED_MOUNT('registry-push-secret', 'registry-push-secret'),
      );
      const wf = h.sandbox.buildPlane.get(WF_API, 'workflows', NS, name)!;
      expect(podNode(wf, 'clone-step')?.phase).toBe('Succeeded');
      expect(podNode(wf, 'push-step')?.phase).toBe('Pending');
      const run = h.sandbox.controlPlane.get(
        'openchoreo.dev/v1alpha1',
        'componentworkflowruns',
        ORG,
        name,
      )!;
      const failed = readConditions(run.status).find(
        c => c.type === 'WorkflowFailed' && c.status === 'True',
      );
      expect(failed).toBeUndefined();

      await h.build.makeApiClient(CoreV1Api).createNamespacedSecret({
        namespace: NS,
        body: {
          metadata: { name: 'registry-push-secret' },
          stringData: { '.dockerconfigjson': '{"auths":{}}' },
        },
      });
      const succeeded = await h.sandbox.waitForRunCondition(
        ORG,
        name,
        'WorkflowSucceeded',
      );
      expect(readConditions(succeeded.status).map(c => c.type)).toContain(
        'WorkflowSucceeded',
      );
    });
  });
});

import { CoreV1Api, CustomObjectsApi, V1Pod } from '@kubernetes/client-node';
import {
  GROUP,
  Harness,
  runBody,
  startHarness,
  VERSION,
} from '../../__testUtils__/harness';
import type { ArgoWorkflow } from '../../__testUtils__/types';
import { isRecord } from '../../apiserver/types';
import { fnv1a32, nodeId, podNameFormatFromEnv } from './names';

jest.setTimeout(60000);

/**
 * Argo's step pods, as the sandbox's controller creates them. Keys from
 * `workflow/common/common.go@v3.6.4` (`LabelKeyWorkflow`, `AnnotationKeyNodeName`,
 * `AnnotationKeyNodeID`, `AnnotationKeyPodNameVersion`); set in
 * `workflow/controller/workflowpod.go@v3.6.4` ~166-176; names from `GeneratePodName`
 * (`workflow/util/pod_name.go@v3.6.4`).
 */
const WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';
const NODE_NAME = 'workflows.argoproj.io/node-name';
const NODE_ID = 'workflows.argoproj.io/node-id';
const POD_NAME_FORMAT = 'workflows.argoproj.io/pod-name-format';
const RUNS = {
  group: GROUP,
  version: VERSION,
  plural: 'componentworkflowruns',
};
const WFS = { group: 'argoproj.io', version: 'v1alpha1', plural: 'workflows' };
const CI = 'openchoreo-ci-default';

/** Runs one build to the end in `h` and returns its Workflow and the pods that ran it. */
async function runBuild(h: Harness, name: string) {
  await h.control.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    ...RUNS,
    namespace: 'default',
    body: runBody(name),
  });
  await h.sandbox.waitForRunCondition('default', name, 'WorkflowSucceeded');
  return workflowAndPods(h, name);
}

async function workflowAndPods(h: Harness, name: string) {
  const workflow: ArgoWorkflow = await h.build
    .makeApiClient(CustomObjectsApi)
    .getNamespacedCustomObject({ ...WFS, namespace: CI, name });
  const { items } = await h.build.makeApiClient(CoreV1Api).listNamespacedPod({
    namespace: CI,
    labelSelector: `${WORKFLOW_LABEL}=${name}`,
  });
  const podNodes = Object.values(workflow.status?.nodes ?? {}).filter(
    n => n.type === 'Pod',
  );
  return { workflow, pods: items, podNodes };
}

/** The pod Argo annotated with node `nodeName`. */
const podOfNode = (pods: V1Pod[], nodeName: string) =>
  pods.find(p => p.metadata?.annotations?.[NODE_NAME] === nodeName);

describe('step pods of the emulated Argo controller', () => {
  describe('with POD_NAMES=v2 (the default)', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ seed: true });
    });
    afterAll(() => h.close());

    it('labels each pod with its Workflow, annotates its node, and names it <wf>-<template>-<hash>', async () => {
      const name = 'greeter-service-workflow-0000b002';
      const { workflow, pods, podNodes } = await runBuild(h, name);
      expect(workflow.metadata.annotations?.[POD_NAME_FORMAT]).toBe('v2');
      expect(podNodes).toHaveLength(4);
      expect(pods).toHaveLength(4); // found by the label selector alone
      for (const node of podNodes) {
        const pod = podOfNode(pods, node.name);
        expect(pod?.metadata?.name).toBe(
          `${name}-${node.templateName}-${fnv1a32(node.name)}`,
        );
        expect(pod?.metadata?.labels?.[WORKFLOW_LABEL]).toBe(name);
        expect(pod?.metadata?.annotations?.[NODE_ID]).toBe(node.id);
        expect(pod?.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('records its own format on a Workflow that came with another, as Argo does', async () => {
      // setWfPodNamesAnnotation (workflow/controller/operator.go@v3.6.4:292,4168) overwrites the annotation.
      const source = await runBuild(h, 'greeter-service-workflow-0000b003');
      const name = 'greeter-service-workflow-0000b004';
      const spec = isRecord(source.workflow.spec) ? source.workflow.spec : {};
      await h.build
        .makeApiClient(CustomObjectsApi)
        .createNamespacedCustomObject({
          ...WFS,
          namespace: CI,
          body: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            metadata: { name, annotations: { [POD_NAME_FORMAT]: 'v1' } },
            spec,
          },
        });
      await h.sandbox.waitForObject(
        h.sandbox.buildPlane,
        'argoproj.io/v1alpha1',
        'workflows',
        CI,
        name,
        wf => isRecord(wf?.status) && wf?.status.phase === 'Succeeded',
      );
      const { workflow, pods, podNodes } = await workflowAndPods(h, name);
      expect(workflow.metadata.annotations?.[POD_NAME_FORMAT]).toBe('v2');
      for (const node of podNodes)
        expect(podOfNode(pods, node.name)?.metadata?.name).toBe(
          `${name}-${node.templateName}-${fnv1a32(node.name)}`,
        );
    });
  });

  describe('with POD_NAMES=v1', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ seed: true, argoPodNames: 'v1' });
    });
    afterAll(() => h.close());

    it('names each pod after its node id and annotates the Workflow v1', async () => {
      const name = 'greeter-service-workflow-0000b001';
      const { workflow, pods, podNodes } = await runBuild(h, name);
      expect(workflow.metadata.annotations?.[POD_NAME_FORMAT]).toBe('v1');
      expect(podNodes).toHaveLength(4);
      for (const node of podNodes) {
        expect(node.id).toBe(nodeId(name, node.name));
        expect(podOfNode(pods, node.name)?.metadata?.name).toBe(node.id);
      }
    });
  });

  it('reads POD_NAMES as Argo does: v1, else v2', () => {
    expect(podNameFormatFromEnv({ POD_NAMES: 'v1' })).toBe('v1');
    expect(podNameFormatFromEnv({ POD_NAMES: 'v2' })).toBe('v2');
    expect(podNameFormatFromEnv({ POD_NAMES: 'x' })).toBe('v2');
    expect(podNameFormatFromEnv({})).toBe('v2');
  });
});

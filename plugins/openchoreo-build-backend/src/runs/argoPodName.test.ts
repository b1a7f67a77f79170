import path from 'node:path';
import {
  ARGO_WORKFLOW,
  type ArgoWorkflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import {
  argoNodeId,
  argoPodName,
  fnv1a32,
  podNameFormatOf,
} from './argoPodName';
import { extractArgoSteps } from './steps';

/** A fixture node with the artifact Argo archived its `main` log to (`<workflow>/<pod name>/main.log`). */
interface NodeWithLogArtifact {
  outputs?: { artifacts?: Array<{ name?: string; s3?: { key?: string } }> };
}

const reference = Object.fromEntries(
  listFiles(referencePath('argo-workflows')).map(file => [
    path.basename(file, '.yaml'),
    loadReferenceYaml<ArgoWorkflow>(file)[0],
  ]),
);

/** The pod name in each Pod node's archived log key, by node id: what Argo really named the pod. */
function podNamesFromLogKeys(workflow: ArgoWorkflow): Map<string, string> {
  const names = new Map<string, string>();
  for (const [id, node] of Object.entries(workflow.status?.nodes ?? {})) {
    if (node?.type !== 'Pod') continue;
    const artifacts = (node as NodeWithLogArtifact).outputs?.artifacts ?? [];
    const key = artifacts.find(a => a.name === 'main-logs')?.s3?.key;
    const match = key && /^[^/]+\/([^/]+)\/main\.log$/.exec(key);
    if (match) names.set(id, match[1]);
  }
  return names;
}

function withPodNameFormat(workflow: ArgoWorkflow, format: string) {
  return {
    ...workflow,
    metadata: {
      ...workflow.metadata,
      annotations: {
        ...workflow.metadata?.annotations,
        [ARGO_WORKFLOW.podNameFormatAnnotation]: format,
      },
    },
  };
}

/** The pod names the steps predict, by attempt node id. */
function predictedPodNames(workflow: ArgoWorkflow): Map<string, string> {
  return new Map(
    extractArgoSteps(workflow).flatMap(step =>
      step.attempts.flatMap(a =>
        a.podName ? [[a.nodeId, a.podName] as const] : [],
      ),
    ),
  );
}

describe('argoPodName (workflow/util/pod_name.go@v3.6.4, GeneratePodName)', () => {
  it('predicts the names Argo gave the pods of the v2 fixtures (their log keys name the pods)', () => {
    // Annotated v2 by the controller that ran them.
    const v2 = Object.entries(reference).filter(
      ([, wf]) =>
        wf.metadata?.annotations?.[ARGO_WORKFLOW.podNameFormatAnnotation] ===
        'v2',
    );
    expect(v2.map(([name]) => name).sort()).toEqual([
      'dag-diamond-succeeded',
      'exit-handler-failed-with-skipped',
      'steps-stopped-malformed-nodes',
      'steps-succeeded-sequential',
    ]);
    let compared = 0;
    for (const [, wf] of v2) {
      const predicted = predictedPodNames(wf);
      for (const [nodeId, podName] of podNamesFromLogKeys(wf)) {
        if (!predicted.has(nodeId)) continue; // a node the steps leave out (malformed)
        expect(predicted.get(nodeId)).toBe(podName);
        compared += 1;
      }
    }
    expect(compared).toBe(10);
    expect(
      predictedPodNames(reference['exit-handler-failed-with-skipped']),
    ).toEqual(
      new Map([
        ['exit-handlers-n7s4n', 'exit-handlers-n7s4n'],
        [
          'exit-handlers-n7s4n-3201878844',
          'exit-handlers-n7s4n-send-email-3201878844',
        ],
        [
          'exit-handlers-n7s4n-2699669595',
          'exit-handlers-n7s4n-cry-2699669595',
        ],
      ]),
    );
  });

  it('names pods after their node ids on a Workflow annotated pod-name-format: v1', () => {
    // These 2020 Workflows ran before v2 names existed: their pods are their node ids.
    for (const name of [
      'dag-failed-middle-task-omitted',
      'dag-terminated-shutdown-retries',
      'nested-dag-exhausted-retries-omitted',
      'steps-running-pending-fanout',
    ]) {
      const wf = reference[name];
      const real = podNamesFromLogKeys(wf);
      expect(real.size).toBeGreaterThan(0);
      // Without the annotation Argo (and its UI) assume v2: the prediction is wrong …
      const asV2 = predictedPodNames(wf);
      expect([...real].some(([id, pod]) => asV2.get(id) !== pod)).toBe(true);
      // … and with it, right.
      const asV1 = predictedPodNames(withPodNameFormat(wf, 'v1'));
      for (const [nodeId, podName] of real) {
        expect(asV1.get(nodeId)).toBe(podName);
      }
    }
    const steps = extractArgoSteps(
      withPodNameFormat(reference['dag-failed-middle-task-omitted'], 'v1'),
    );
    expect(steps.find(s => s.name === 'A')?.podName).toBe(
      'dag-diamond-8q7vp-460213972',
    );
  });

  it('reads the format from the annotation; anything but v1 is v2', () => {
    const wf: ArgoWorkflow = { metadata: { name: 'wf' } };
    expect(podNameFormatOf(wf)).toBe('v2');
    expect(podNameFormatOf(withPodNameFormat(wf, 'v1'))).toBe('v1');
    expect(podNameFormatOf(withPodNameFormat(wf, 'v3'))).toBe('v2');
  });

  it('computes the node id when the node has none (v1), and the v2 name from the template', () => {
    const nodeName = 'wf[0].build-step';
    expect(argoNodeId('wf', nodeName)).toBe(`wf-${fnv1a32(nodeName)}`);
    expect(argoNodeId('wf', 'wf')).toBe('wf');
    expect(argoPodName({ workflowName: 'wf', nodeName, format: 'v1' })).toBe(
      `wf-${fnv1a32(nodeName)}`,
    );
    expect(
      argoPodName({
        workflowName: 'wf',
        nodeName,
        nodeId: 'wf-given',
        format: 'v1',
      }),
    ).toBe('wf-given');
    expect(
      argoPodName({ workflowName: 'wf', nodeName, templateName: 'build' }),
    ).toBe(`wf-build-${fnv1a32(nodeName)}`);
    expect(argoPodName({ workflowName: 'wf', nodeName })).toBe(
      `wf-${fnv1a32(nodeName)}`,
    );
  });

  it('prefers templateRef.template over templateName, as GetTemplateFromNode does', () => {
    const [step] = extractArgoSteps({
      metadata: { name: 'wf' },
      status: {
        nodes: {
          n: {
            id: 'wf-1',
            name: 'wf[0].build',
            type: 'Pod',
            templateName: 'local-name',
            templateRef: { name: 'docker', template: 'build-step' },
          },
        },
      },
    });
    expect(step.podName).toBe(`wf-build-step-${fnv1a32('wf[0].build')}`);
    expect(step.templateName).toBe('build-step');
  });
});

/* eslint-disable no-script-url -- these tests check that javascript: URLs never become links */
import type {
  ArgoWorkflow,
  ComponentWorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { toRunDetail } from './runModel';
import { extractArgoSteps } from './steps';
import { fromComponentWorkflowRun } from './buildRun';

/**
 * A run of a GitOps release workflow (the v0.12.0 samples' `docker-gitops-release`), whose last
 * step `git-commit-push-pr` reports the pull request it opened as the output `pull-request-url`
 * (the sandbox emulates that output; the samples' step only prints the PR).
 */
const WF = 'reading-list-workflow-5e6f7a8b';
const buildPlane = { namespace: 'default', name: 'default', mode: 'agent' };

function workflowWith(prUrl: string | undefined): ArgoWorkflow {
  const pod = (id: string, step: string, index: number, outputs?: object) => ({
    id,
    name: `${WF}[${index}].${step}`,
    displayName: step,
    type: 'Pod',
    templateName: step,
    phase: 'Succeeded',
    startedAt: `2025-01-01T00:0${index}:00Z`,
    finishedAt: `2025-01-01T00:0${index}:30Z`,
    ...(outputs ? { outputs } : {}),
  });
  return {
    metadata: { name: WF, namespace: 'openchoreo-ci-default' },
    status: {
      phase: 'Succeeded',
      nodes: {
        [WF]: {
          id: WF,
          name: WF,
          displayName: WF,
          type: 'Steps',
          children: ['push', 'pr'],
        },
        push: pod('push', 'push-image', 1, {
          parameters: [{ name: 'image', value: 'registry.local/rl:v1-abc' }],
        }),
        pr: pod(
          'pr',
          'git-commit-push-pr',
          2,
          prUrl === undefined
            ? undefined
            : { parameters: [{ name: 'pull-request-url', value: prUrl }] },
        ),
      },
    },
  };
}

const run: ComponentWorkflowRun = {
  metadata: { name: WF, namespace: 'default' },
  spec: {
    owner: { projectName: 'default', componentName: 'reading-list' },
    workflow: {
      name: 'docker-gitops-release',
      systemParameters: {
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main' },
          appPath: '/reading-list',
        },
      },
    },
  },
  status: {
    conditions: [
      { type: 'WorkflowCompleted', status: 'True', reason: 'Succeeded' },
      { type: 'WorkflowSucceeded', status: 'True', reason: 'Succeeded' },
    ],
    runReference: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: WF,
      namespace: 'openchoreo-ci-default',
    },
  },
};

const detailWith = (prUrl: string | undefined) =>
  toRunDetail(fromComponentWorkflowRun(run), {
    kind: 'found',
    workflow: workflowWith(prUrl),
    buildPlane,
  });

describe('RunDetail.pullRequestUrl', () => {
  it("is the git-commit-push-pr step's pull-request-url output", () => {
    const detail = detailWith(
      'https://github.com/openchoreo/sample-gitops/pull/42\n',
    );
    expect(detail.pullRequestUrl).toBe(
      'https://github.com/openchoreo/sample-gitops/pull/42',
    );
    expect(
      detail.steps.find(s => s.name === 'git-commit-push-pr')?.outputs,
    ).toEqual({
      'pull-request-url':
        'https://github.com/openchoreo/sample-gitops/pull/42\n',
    });
  });

  it('is absent when no step reports one', () => {
    const detail = detailWith(undefined);
    expect(detail.steps).toHaveLength(2);
    expect(detail).not.toHaveProperty('pullRequestUrl');
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(document.cookie)'],
    ['a data: URL', 'data:text/html;base64,PHNjcmlwdD4='],
    ['a URL with credentials', 'https://bot:ghp_abc123@github.com/o/r/pull/1'],
    ['text that is not a URL', 'No changes to commit - skipping PR creation'],
  ])('drops %s', (_what, value) => {
    expect(detailWith(value)).not.toHaveProperty('pullRequestUrl');
  });
});

describe('step outputs', () => {
  it('redact credentials: they reach the browser', () => {
    const steps = extractArgoSteps(
      workflowWith('https://x-access-token:ghp_secret@github.com/o/r/pull/1'),
    );
    const outputs = steps.find(s => s.name === 'git-commit-push-pr')!.outputs;
    expect(outputs['pull-request-url']).toBe(
      'https://[redacted]@github.com/o/r/pull/1',
    );
    expect(JSON.stringify(steps)).not.toContain('ghp_secret');
  });

  it('leave other values alone', () => {
    const steps = extractArgoSteps(workflowWith('https://github.com/o/r/a@b'));
    expect(steps[0].outputs.image).toBe('registry.local/rl:v1-abc');
    expect(steps[1].outputs['pull-request-url']).toBe(
      'https://github.com/o/r/a@b',
    );
  });
});

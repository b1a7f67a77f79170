import type { StepLogTail } from '../facts';
import { facts, step, v1Facts } from '../__testUtils__/facts';
import { failureRules } from './failureRules';

/** A failed run whose `failed` step ended as given, with the tail of its log numbered from `first`. */
function failedRun(options: {
  step: string;
  templateName?: string;
  message?: string;
  lines?: string[];
  first?: number;
  workflowName?: string;
}) {
  const steps = [
    step({ name: 'clone-step' }),
    step({
      name: options.step,
      templateName: options.templateName ?? options.step,
      phase: 'Failed',
      message: options.message ?? 'Error (exit code 1)',
    }),
  ];
  const tail: StepLogTail | undefined = options.lines && {
    step: `run-${options.step}`,
    podName: `run-${options.step}-1234`,
    lines: options.lines.map((text, i) => ({
      line: (options.first ?? 1) + i,
      text,
    })),
  };
  return facts({
    run: {
      status: 'Failed',
      steps,
      workflowName: options.workflowName ?? 'docker',
    },
    failedStepLog: tail,
  });
}

describe('failureRules (the guide’s troubleshooting patterns)', () => {
  it('says nothing when no step failed', () => {
    expect(
      failureRules(
        facts({
          run: { status: 'Failed', steps: [step({ name: 'build-step' })] },
        }),
      ),
    ).toEqual([]);
  });

  it('Secret Not Found: wins over the step kind and links the line', () => {
    const items = failureRules(
      failedRun({
        step: 'clone-step',
        lines: [
          'Cloning branch: main with latest commit',
          'fatal: could not read git credentials from /mnt/secrets: secret "git-clone-secret" not found',
        ],
        first: 41,
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'secret-not-found',
        severity: 'error',
        logRef: {
          step: 'run-clone-step',
          stepName: 'clone-step',
          line: 42,
          text: 'fatal: could not read git credentials from /mnt/secrets: secret "git-clone-secret" not found',
        },
      }),
    ]);
    expect(items[0].fix).toContain(
      'kubectl get externalsecret -n openchoreo-ci-default',
    );
  });

  it('Clone Source Fails: the git error line of clone-source', () => {
    const items = failureRules(
      failedRun({
        step: 'clone-source',
        lines: [
          "Cloning into '/mnt/vol/source'...",
          "fatal: repository 'https://github.com/openchoreo/no-such-repo/' not found",
        ],
      }),
    );
    expect(items.map(i => [i.id, i.logRef?.line])).toEqual([
      ['clone-failed', 2],
    ]);
    expect(items[0].fix).toContain('git-token');
  });

  it('Image Push Failures: the registry error of push-step', () => {
    const items = failureRules(
      failedRun({
        step: 'push-step',
        lines: [
          'Getting image source signatures',
          'Error: writing blob: initiating layer upload to /v2/app/blobs/uploads/ in registry.local: unauthorized: authentication required',
          'done',
        ],
      }),
    );
    expect(items.map(i => [i.id, i.logRef?.line])).toEqual([
      ['image-push-failed', 2],
    ]);
    expect(items[0].title).toBe('Pushing the image failed (step push-step)');
    expect(items[0].fix).toContain('registry credentials');
  });

  it('PR Creation Failures: gh’s error in git-commit-push-pr', () => {
    const items = failureRules(
      failedRun({
        step: 'git-commit-push-pr',
        workflowName: 'docker-gitops-release',
        lines: [
          '===== Step 3: Creating Pull Request =====',
          'HTTP 401: Bad credentials (https://api.github.com/graphql)',
        ],
      }),
    );
    expect(items.map(i => [i.id, i.logRef?.line])).toEqual([
      ['pr-creation-failed', 2],
    ]);
    expect(items[0].fix).toContain('gitops-token');
  });

  it('Build Image Fails: the fix follows the workflow family', () => {
    const docker = failureRules(
      failedRun({
        step: 'build-step',
        lines: [
          'STEP 1/5: FROM golang:1.22',
          '\u001b[31mError: stat /mnt/vol/source/app/Dockerfile: no such file or directory\u001b[0m',
        ],
      }),
    );
    expect(docker.map(i => [i.id, i.logRef?.line])).toEqual([
      ['build-failed', 2],
    ]);
    expect(docker[0].fix).toContain('Dockerfile path');
    // Quoted without the terminal colours.
    expect(docker[0].logRef?.text).toBe(
      'Error: stat /mnt/vol/source/app/Dockerfile: no such file or directory',
    );

    const buildpacks = failureRules(
      failedRun({
        step: 'build-step',
        workflowName: 'google-cloud-buildpacks',
        lines: [
          '===> DETECTING',
          'ERROR: No buildpack groups passed detection.',
        ],
      }),
    );
    expect(buildpacks[0].fix).toContain('language is supported');

    const react = failureRules(
      failedRun({
        step: 'build-image',
        workflowName: 'react-gitops-release',
        lines: ['npm ERR! Missing script: "build"'],
      }),
    );
    expect(react[0].fix).toContain('package.json');
  });

  it('judges from the step name when its log could not be read', () => {
    const items = failureRules(failedRun({ step: 'push-image' }));
    expect(items).toEqual([
      expect.objectContaining({ id: 'image-push-failed' }),
    ]);
    expect(items[0].logRef).toBeUndefined();
    expect(items[0].detail).toContain('could not be read');
  });

  it('quotes a line without a link when the log was too long to number', () => {
    const run = failedRun({ step: 'clone-step' });
    run.failedStepLog = {
      step: 'run-clone-step',
      podName: 'p',
      lines: [
        { text: 'fatal: Remote branch nope not found in upstream origin' },
      ],
    };
    const [item] = failureRules(run);
    expect(item.id).toBe('clone-failed');
    expect(item.logRef).toBeUndefined();
    expect(item.detail).toContain('Remote branch nope not found');
  });

  it('recognises a step of its own name only by an unmistakable line', () => {
    expect(
      failureRules(
        failedRun({
          step: 'publish',
          lines: ['denied: requested access to the resource is denied'],
        }),
      ).map(i => i.id),
    ).toEqual(['image-push-failed']);
    expect(
      failureRules(
        failedRun({ step: 'publish', lines: ['fatal: something went wrong'] }),
      ),
    ).toEqual([]);
  });

  it('leaves exit-handler steps and succeeded runs alone', () => {
    const run = failedRun({ step: 'clone-step' });
    run.run.steps = run.run.steps.map(s => ({ ...s, exitHandler: true }));
    expect(failureRules(run)).toEqual([]);
    expect(
      failureRules({
        ...failedRun({ step: 'clone-step' }),
        run: { ...run.run, status: 'Succeeded' },
      }),
    ).toEqual([]);
  });

  it('redacts a token a failing push echoes in its URL', () => {
    const [item] = failureRules(
      failedRun({
        step: 'git-commit-push-pr',
        lines: [
          "fatal: unable to access 'https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/org/gitops/': The requested URL returned error: 403",
        ],
      }),
    );
    expect(item.logRef?.text).not.toContain('ghp_');
    expect(item.detail).not.toContain('ghp_');
    expect(item.logRef?.text).toContain(
      'https://[redacted]@github.com/org/gitops/',
    );
  });

  it('points a v1 run at its workflows-<ns> namespace', () => {
    const v0 = failedRun({
      step: 'checkout-source',
      lines: ['secret "nova-git-secret" not found'],
    });
    const items = failureRules(
      v1Facts({
        run: {
          ...v0.run,
          generation: 'v1',
          workflowNamespace: 'workflows-nova',
        },
        failedStepLog: v0.failedStepLog,
      }),
    );
    expect(items.map(i => i.id)).toEqual(['secret-not-found']);
    expect(items[0].fix).toContain(
      'kubectl get externalsecret -n workflows-nova',
    );
  });
});

import { ago, facts, waitingPod } from '../__testUtils__/facts';
import { podRules } from './podRules';

const options = { pendingGraceSeconds: 60 };

/** The kubelet's event for a volume whose Secret does not exist. */
const failedMount = {
  type: 'Warning',
  reason: 'FailedMount',
  message:
    'MountVolume.SetUp failed for volume "registry-push-secret" : secret "registry-push-secret" not found',
  count: 7,
};

describe('podRules', () => {
  it('says nothing about running pods', () => {
    expect(
      podRules(
        facts({
          pods: [
            {
              name: 'p',
              namespace: 'openchoreo-ci-default',
              step: 'build-step',
              phase: 'Running',
              containers: [{ name: 'main', init: false }],
              events: [],
            },
          ],
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('names the missing Secret of a pod stuck in ContainerCreating, quoting its event', () => {
    const items = podRules(
      facts({
        pods: [
          waitingPod({ reason: 'ContainerCreating', events: [failedMount] }),
        ],
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pod-secret-missing',
        severity: 'error',
        title:
          'Step push-step cannot start: Secret registry-push-secret does not exist',
      }),
    ]);
    expect(items[0].detail).toContain('FailedMount (7 times)');
    expect(items[0].detail).toContain(
      'secret "registry-push-secret" not found',
    );
    expect(items[0].fix).toContain(
      'Create the Secret registry-push-secret in openchoreo-ci-default',
    );
  });

  it('waits for the grace period before calling ContainerCreating stuck', () => {
    expect(
      podRules(
        facts({
          pods: [
            waitingPod({
              reason: 'ContainerCreating',
              createdAt: ago(10),
              events: [failedMount],
            }),
          ],
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('falls back on the container state when the events could not be read', () => {
    const items = podRules(
      facts({
        pods: [waitingPod({ reason: 'ContainerCreating', events: undefined })],
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'pod-stuck',
        severity: 'warning',
        title: 'Step push-step is stuck in ContainerCreating',
      }),
    ]);
    expect(items[0].detail).toContain('events could not be read');
    expect(items[0].fix).toContain(
      'kubectl describe pod greeter-service-workflow-0000aaaa-push-step-1234 -n openchoreo-ci-default',
    );
  });

  it('finds the missing Secret in the waiting message (CreateContainerConfigError) without events', () => {
    const items = podRules(
      facts({
        pods: [
          waitingPod({
            reason: 'CreateContainerConfigError',
            message: 'secret "git-token" not found',
            createdAt: ago(5),
            events: undefined,
          }),
        ],
      }),
      options,
    );
    expect(items.map(i => [i.id, i.title])).toEqual([
      [
        'pod-secret-missing',
        'Step push-step cannot start: Secret git-token does not exist',
      ],
    ]);
  });

  it('reports an image pull failure at once, as an error, with its warning events', () => {
    const items = podRules(
      facts({
        pods: [
          waitingPod({
            reason: 'ImagePullBackOff',
            message:
              'Back-off pulling image "ghcr.io/openchoreo/podman-runner:v9"',
            createdAt: ago(5),
            events: [
              { type: 'Normal', reason: 'Pulling', message: 'Pulling image' },
              {
                type: 'Warning',
                reason: 'Failed',
                message: 'Failed to pull image: not found',
                count: 3,
              },
            ],
          }),
        ],
      }),
      options,
    );
    expect(items).toEqual([
      expect.objectContaining({ id: 'pod-stuck', severity: 'error' }),
    ]);
    expect(items[0].detail).toContain(
      'Failed, 3 times: "Failed to pull image: not found"',
    );
    expect(items[0].detail).not.toContain('Pulling image');
    expect(items[0].fix).toContain('cannot pull');
  });

  it('reports an unscheduled pod after the grace period', () => {
    const pod = {
      name: 'p',
      namespace: 'openchoreo-ci-default',
      step: 'build-step',
      phase: 'Pending',
      createdAt: ago(120),
      unschedulable: '0/3 nodes are available: 3 Insufficient memory.',
      containers: [],
      events: [],
    };
    expect(podRules(facts({ pods: [pod] }), options)).toEqual([
      expect.objectContaining({
        id: 'pod-unschedulable',
        title: 'Step build-step is waiting for a node',
      }),
    ]);
    expect(
      podRules(facts({ pods: [{ ...pod, createdAt: ago(5) }] }), options),
    ).toEqual([]);
  });

  it('says nothing for a succeeded run', () => {
    expect(
      podRules(
        facts({
          run: { status: 'Succeeded' },
          pods: [
            waitingPod({ reason: 'ContainerCreating', events: [failedMount] }),
          ],
        }),
        options,
      ),
    ).toEqual([]);
  });
});

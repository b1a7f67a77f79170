import { ago, facts, step, waitingPod } from '../__testUtils__/facts';
import { applyRules } from '.';

const options = { pendingGraceSeconds: 60 };

describe('applyRules', () => {
  it('finds nothing wrong with a healthy running run', () => {
    expect(
      applyRules(
        facts({
          run: {
            steps: [
              step({ name: 'clone-step' }),
              step({ name: 'build-step', phase: 'Running' }),
            ],
          },
          pods: [
            {
              name: 'run-build-step-1234',
              namespace: 'openchoreo-ci-default',
              step: 'build-step',
              phase: 'Running',
              createdAt: ago(30),
              containers: [{ name: 'main', init: false }],
            },
          ],
        }),
        options,
      ),
    ).toEqual([]);
  });

  it('puts errors before warnings before info', () => {
    const items = applyRules(
      facts({
        pods: [waitingPod({ reason: 'ContainerCreating', events: undefined })],
        externalSecrets: [
          {
            name: 'es',
            namespace: 'openchoreo-ci-default',
            source: 'run',
            state: 'NotReady',
          },
        ],
        gaps: [
          { kind: 'events', what: 'the events of pod p', reason: 'HTTP 403' },
        ],
      }),
      options,
    );
    expect(items.map(i => [i.severity, i.id])).toEqual([
      ['error', 'external-secret-not-ready'],
      ['warning', 'pod-stuck'],
      ['info', 'events-unreadable'],
    ]);
  });
});

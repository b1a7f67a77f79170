import { testRun } from '../runRecords/__testUtils__/runRecordTestKit';
import { runEndPayload, runPagePath } from './runEndPayload';

describe('runEndPayload', () => {
  it('tells a failure with high severity, what ran and a link to the run page', () => {
    const run = testRun('greeter-service-workflow-1a2b3c4d', 1, {
      namespace: 'default',
      component: 'greeter-service',
      status: 'Failed',
      repository: {
        url: 'https://git.example/app.git',
        branch: 'main',
        commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      },
      durationSeconds: 192,
    });

    expect(runEndPayload(run)).toEqual({
      title: 'greeter-service build failed',
      description:
        'Run greeter-service-workflow-1a2b3c4d · branch main · commit a1b2c3d · took 3m 12s',
      link: '/openchoreo-builds/runs/default/greeter-service-workflow-1a2b3c4d',
      severity: 'high',
      topic: 'openchoreo-build',
      scope:
        'openchoreo-build:run:default/greeter-service-workflow-1a2b3c4d/uid-greeter-service-workflow-1a2b3c4d',
    });
  });

  it('tells a success with normal severity and leaves out what is unknown', () => {
    const payload = runEndPayload(
      testRun('r1', 1, {
        component: undefined,
        status: 'Succeeded',
        repository: {},
      }),
    );

    expect(payload).toMatchObject({
      title: 'r1 build succeeded',
      description: 'Run r1',
      severity: 'normal',
    });
  });

  it('formats hours and seconds as the Builds page does', () => {
    const took = (durationSeconds: number) =>
      runEndPayload(
        testRun('r1', 1, {
          status: 'Completed',
          repository: {},
          durationSeconds,
        }),
      ).description;

    expect(took(7325)).toBe('Run r1 · took 2h 2m');
    expect(took(4.6)).toBe('Run r1 · took 5s');
  });

  it('keeps names that need escaping inside their path segment', () => {
    expect(runPagePath({ namespace: 'a/b', name: 'c?d' })).toBe(
      '/openchoreo-builds/runs/a%2Fb/c%3Fd',
    );
  });
});

import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { SummaryStrings } from './SummaryStrings';

/** A summary as `JSON.parse` would give it: every string its own copy. */
function parsed(overrides: Partial<RunSummary> = {}): RunSummary {
  const summary: RunSummary = {
    namespace: 'default',
    name: 'greeter-service-build-abc12',
    uid: '6f1c9a52-3d0e-4a8b-9c57-2f1e8d4b7a10',
    generation: 'v0',
    project: 'default-project',
    component: 'greeter-service',
    workflow: 'docker',
    status: 'Succeeded',
    repository: {
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      appPath: '/service-go-greeter',
      commit: 'a'.repeat(40),
    },
    createdAt: '2026-11-27T10:00:00Z',
    resourceVersion: '1234',
    ...overrides,
  };
  return JSON.parse(JSON.stringify(summary));
}

describe('SummaryStrings', () => {
  it('keeps one copy of each repeating value and leaves the summary as it was', () => {
    const strings = new SummaryStrings();
    const first = parsed();
    const second = parsed({ name: 'greeter-service-build-def34' });
    expect(strings.share(parsed())).toStrictEqual(first);
    expect(strings.share(second)).toBe(second);
    expect(second).toStrictEqual(
      parsed({ name: 'greeter-service-build-def34' }),
    );
    // namespace, project, component, workflow, URL, branch, appPath: seven, however many runs.
    expect(strings.size).toBe(7);
  });

  it('does not keep values unique to a run', () => {
    const strings = new SummaryStrings();
    for (let i = 0; i < 50; i += 1)
      strings.share(
        parsed({
          name: `run-${i}`,
          uid: `uid-${i}`,
          createdAt: `2026-11-27T10:00:${String(i).padStart(2, '0')}Z`,
          resourceVersion: String(i),
          image: `registry.local/greeter:${i}`,
          repository: { url: 'https://git.example/r', commit: `c${i}` },
        }),
      );
    expect(strings.size).toBe(5);
  });

  it('adds no key a summary does not have', () => {
    const strings = new SummaryStrings();
    const bare = JSON.parse(
      JSON.stringify({
        namespace: 'acme',
        name: 'r',
        generation: 'v0',
        status: 'Pending',
        repository: {},
      }),
    ) as RunSummary;
    strings.share(bare);
    expect(Object.keys(bare)).toEqual([
      'namespace',
      'name',
      'generation',
      'status',
      'repository',
    ]);
    expect(Object.keys(bare.repository)).toEqual([]);
  });

  it("shares a v1 run's workflow kind and the user who started it", () => {
    const strings = new SummaryStrings();
    strings.share(
      parsed({
        generation: 'v1',
        workflowKind: 'ClusterWorkflow',
        createdBy: 'user:default/alice',
        trigger: { kind: 'user', userEntityRef: 'user:default/alice' },
      }),
    );
    // The seven of the first test, the kind, and alice's ref once for createdBy and trigger.
    expect(strings.size).toBe(9);
  });

  it('stops growing at its limit and still returns every value', () => {
    const strings = new SummaryStrings(3);
    const summaries = Array.from({ length: 10 }, (_, i) =>
      parsed({ project: `project-${i}`, component: `component-${i}` }),
    );
    for (const summary of summaries) strings.share(summary);
    expect(strings.size).toBe(3);
    expect(summaries.map(s => s.component)).toEqual(
      Array.from({ length: 10 }, (_, i) => `component-${i}`),
    );
  });
});

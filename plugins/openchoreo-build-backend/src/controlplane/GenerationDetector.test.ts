import { ServiceUnavailableError } from '@backstage/errors';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import { GenerationDetector } from './GenerationDetector';

/** A control plane answering discovery with `resources` and BuildPlane lists from `buildPlanes`. */
function controlPlane(
  resources: string[],
  buildPlanes: Record<string, number> = {},
) {
  const calls = { discovery: 0, buildPlaneLists: [] as string[] };
  let failNext = false;
  const kubernetes = {
    async servedResources() {
      calls.discovery += 1;
      if (failNext) {
        failNext = false;
        throw new Error('connection refused');
      }
      return resources;
    },
    async list(_type: unknown, namespace: string) {
      calls.buildPlaneLists.push(namespace);
      return { items: new Array(buildPlanes[namespace] ?? 0).fill({}) };
    },
  } as unknown as KubernetesClient;
  return { kubernetes, calls, failOnce: () => (failNext = true) };
}

const V0 = ['buildplanes', 'componentworkflows', 'componentworkflowruns'];
const V1 = ['workflowplanes', 'clusterworkflowplanes', 'workflowruns'];

describe('GenerationDetector', () => {
  it('answers the only generation served without listing BuildPlanes', async () => {
    const { kubernetes, calls } = controlPlane(V1);
    const detector = new GenerationDetector(kubernetes);
    await expect(detector.of('nova')).resolves.toBe('v1');
    expect(calls.buildPlaneLists).toEqual([]);
  });

  it('decides per organization when both are served', async () => {
    const { kubernetes } = controlPlane([...V0, ...V1], { acme: 1 });
    const detector = new GenerationDetector(kubernetes);
    await expect(detector.of('acme')).resolves.toBe('v0');
    await expect(detector.of('nova')).resolves.toBe('v1');
  });

  it('shares one discovery between callers and caches it for the TTL', async () => {
    let now = 0;
    const { kubernetes, calls } = controlPlane(V0);
    const detector = new GenerationDetector(kubernetes, {
      ttlMs: 1000,
      now: () => now,
    });
    await Promise.all([detector.of('a'), detector.of('b'), detector.of('a')]);
    expect(calls.discovery).toBe(1);
    now = 1500;
    await detector.of('a');
    expect(calls.discovery).toBe(2);
  });

  it('does not remember a failed discovery', async () => {
    const { kubernetes, calls, failOnce } = controlPlane(V1);
    const detector = new GenerationDetector(kubernetes);
    failOnce();
    await expect(detector.of('nova')).rejects.toThrow('connection refused');
    await expect(detector.of('nova')).resolves.toBe('v1');
    expect(calls.discovery).toBe(2);
  });

  it('says what is wrong when the control plane serves no build API', async () => {
    const { kubernetes } = controlPlane(['projects', 'components']);
    const error = await new GenerationDetector(kubernetes)
      .of('default')
      .catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toContain(
      'neither ComponentWorkflowRuns nor WorkflowPlanes',
    );
  });
});

import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { Print } from './lists';
import { ms, now, percentile, requestJson } from './measure';
import { OC } from '../stepFixtures';
import { BIG_ORG, type World } from './world';

/**
 * `count` builds of one component started at the same moment: each must create exactly one run
 * (all created, none twice), counted in the control plane.
 */
export async function measureStarts(
  label: string,
  api: string,
  world: World,
  print: Print,
  count = 50,
): Promise<void> {
  const component = { project: 'online-store', component: 'react-starter' };
  const runsOf = () =>
    world.sandbox.controlPlane
      .list(OC, 'componentworkflowruns', BIG_ORG, {
        labelSelector: `openchoreo.dev/component=${component.component}`,
      })
      .map(r => r.metadata.name!);
  const before = new Set(runsOf());
  const latencies: number[] = [];
  const start = now();
  const answers = await Promise.all(
    Array.from({ length: count }, async () => {
      const sent = now();
      const answer = await requestJson<RunSummary>(`${api}/runs`, {
        method: 'POST',
        body: { namespace: BIG_ORG, ...component },
      });
      latencies.push(now() - sent);
      return answer;
    }),
  );
  const totalMs = now() - start;
  const created = answers.filter(a => a.status === 201);
  const names = new Set(created.map(a => a.body.name));
  const inCluster = runsOf().filter(name => !before.has(name));
  const failures = answers.filter(a => a.status !== 201);
  print(
    `${label}${count} concurrent starts`,
    `${created.length} created (${names.size} distinct names, ${
      inCluster.length
    } new runs in the cluster), ${failures.length} refused${
      failures.length ? ` (${failures[0].status})` : ''
    }; p50 ${ms(percentile(latencies, 50), 0)}, p95 ${ms(
      percentile(latencies, 95),
      0,
    )}, all in ${ms(totalMs, 0)}`,
  );
}

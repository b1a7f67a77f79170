import type { RunDiagnosis } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, FactGap } from '../facts';

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * v0.9's cluster agent may not read events; v1.2's workflow-plane agent may
 * (install/helm/openchoreo-workflow-plane/templates/cluster-agent/clusterrole.yaml@v1.2.3).
 */
function eventsFix(facts: DiagnosisFacts): string {
  if (facts.run.generation === 'v1')
    return "OpenChoreo's workflow-plane cluster agent may list events in its default ClusterRole; a refusal means that ClusterRole was changed or not installed (clusterAgent.rbac.create). Grant it get/list on events to see them here; meanwhile kubectl describe pod in the workflow plane shows them.";
  return "OpenChoreo's v0.9 cluster agent is not allowed to read events (its ClusterRole has no events rule). To see them here, grant the agent's ClusterRole get/list on events; meanwhile kubectl describe pod in the build plane shows them.";
}

/**
 * What could not be checked, so that an empty or short diagnosis is not mistaken for "nothing is
 * wrong". Gaps with the same cause are reported once.
 */
export function gapRules(facts: DiagnosisFacts): RunDiagnosis[] {
  const groups = new Map<string, FactGap[]>();
  for (const gap of facts.gaps) {
    const key = `${gap.kind}\u0000${gap.reason}\u0000${gap.fallback ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), gap]);
  }
  return [...groups.values()].map(gaps => {
    const [first] = gaps;
    const what = listOf(gaps.map(g => g.what));
    if (first.kind === 'events') {
      return {
        id: 'events-unreadable',
        severity: 'info',
        title: 'Kubernetes events could not be read',
        detail: `The ${
          facts.run.generation === 'v1' ? 'workflow' : 'build'
        } plane did not give ${what}: ${first.reason}.${
          first.fallback ? ` ${first.fallback}` : ''
        }`,
        fix: eventsFix(facts),
      };
    }
    return {
      id: 'check-incomplete',
      severity: 'info',
      title: `Could not check ${what}`,
      detail: `${first.reason}.${first.fallback ? ` ${first.fallback}` : ''}`,
      fix: 'The other findings still apply. Reload the page to check again; the reason above names the cluster that did not answer.',
    };
  });
}

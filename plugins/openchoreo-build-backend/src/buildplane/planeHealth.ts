import type {
  BuildPlane,
  BuildPlaneHealth,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ConnectionPlan } from './connectionPlan';

/** Annotations OpenChoreo's UI reads for a plane's title and description. */
export const DISPLAY_NAME = 'openchoreo.dev/display-name';
export const DESCRIPTION = 'openchoreo.dev/description';

/** What health is read from: BuildPlanes and v1.x WorkflowPlanes share these status fields. */
interface PlaneStatusView {
  status?: BuildPlane['status'];
}

/** Health as known without contacting the plane: configuration problems, the agent, `Ready`. */
export function healthOf(
  bp: PlaneStatusView,
  plan: ConnectionPlan,
): BuildPlaneHealth {
  if (plan.problems.length > 0)
    return { status: 'Degraded', message: plan.problems[0] };
  const agent = bp.status?.agentConnection;
  if (agent?.connected === true)
    return { status: 'Healthy', message: 'Agent connected' };
  if (agent?.connected === false) {
    return {
      status: 'Unreachable',
      message: agent.message ?? 'No agent connected',
    };
  }
  const ready = bp.status?.conditions?.find(c => c.type === 'Ready');
  if (ready) {
    return ready.status === 'True'
      ? { status: 'Healthy', message: ready.message }
      : { status: 'Degraded', message: ready.message ?? ready.reason };
  }
  return {
    status: 'Unknown',
    message: 'Open the build plane to run a live check',
  };
}

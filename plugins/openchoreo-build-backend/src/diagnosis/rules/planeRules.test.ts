import { facts, v1Facts } from '../__testUtils__/facts';
import { planeRules } from './planeRules';

describe('planeRules', () => {
  it('says nothing when the agent is connected or the status is absent (before v0.12)', () => {
    expect(
      planeRules(
        facts({
          plane: {
            kind: 'BuildPlane',
            exists: true,
            name: 'default',
            mode: 'agent',
            agentConnection: { connected: true, connectedAgents: 1 },
          },
        }),
      ),
    ).toEqual([]);
    expect(planeRules(facts())).toEqual([]);
  });

  it('reports a disconnected agent with its message and last contact', () => {
    const items = planeRules(
      facts({
        plane: {
          kind: 'BuildPlane',
          exists: true,
          name: 'default',
          mode: 'agent',
          agentConnection: {
            connected: false,
            connectedAgents: 0,
            lastDisconnectedTime: '2026-01-10T09:50:00Z',
            message: 'All agents disconnected',
          },
        },
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'agent-disconnected',
        severity: 'error',
        title: 'The cluster agent of build plane default is not connected',
      }),
    ]);
    expect(items[0].detail).toContain('2026-01-10T09:50:00Z');
    expect(items[0].detail).toContain('"All agents disconnected"');
  });

  it('ignores the agent status of a direct plane and of a finished run', () => {
    const agentConnection = { connected: false };
    expect(
      planeRules(
        facts({
          plane: {
            kind: 'BuildPlane',
            exists: true,
            name: 'acme',
            mode: 'direct',
            agentConnection,
          },
        }),
      ),
    ).toEqual([]);
    expect(
      planeRules(
        facts({
          run: { status: 'Failed' },
          plane: {
            kind: 'BuildPlane',
            exists: true,
            name: 'default',
            mode: 'agent',
            agentConnection,
          },
        }),
      ),
    ).toEqual([]);
  });
});

describe('planeRules (v1 planes)', () => {
  const disconnected = {
    connected: false,
    connectedAgents: 0,
    lastHeartbeatTime: '2026-01-10T09:40:00Z',
  };

  it('names the WorkflowPlane and the kubectl command that shows its agent status', () => {
    const items = planeRules(
      v1Facts({
        plane: {
          kind: 'WorkflowPlane',
          exists: true,
          name: 'default',
          namespace: 'nova',
          mode: 'agent',
          agentConnection: disconnected,
        },
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'agent-disconnected',
        severity: 'error',
        title: 'The cluster agent of workflow plane default is not connected',
      }),
    ]);
    expect(items[0].detail).toContain(
      'WorkflowPlane nova/default is reached through its cluster agent',
    );
    expect(items[0].detail).toContain('(last seen 2026-01-10T09:40:00Z)');
    expect(items[0].fix).toContain(
      'kubectl get workflowplane default -n nova -o yaml',
    );
    expect(items[0].fix).toContain(
      "WorkflowPlane's spec.clusterAgent.clientCA",
    );
  });

  it('names a ClusterWorkflowPlane without a namespace', () => {
    const [item] = planeRules(
      v1Facts({
        plane: {
          kind: 'ClusterWorkflowPlane',
          exists: true,
          name: 'default',
          mode: 'agent',
          agentConnection: disconnected,
        },
      }),
    );
    expect(item.title).toBe(
      'The cluster agent of cluster workflow plane default is not connected',
    );
    expect(item.detail).toMatch(/^ClusterWorkflowPlane default is reached/);
    expect(item.fix).toContain(
      'kubectl get clusterworkflowplane default -o yaml',
    );
  });
});

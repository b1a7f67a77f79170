import { facts } from '../__testUtils__/facts';
import { planeRules } from './planeRules';

describe('planeRules', () => {
  it('says nothing when the agent is connected or the status is absent (before v0.12)', () => {
    expect(
      planeRules(
        facts({
          buildPlane: {
            count: 1,
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
        buildPlane: {
          count: 1,
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
          buildPlane: {
            count: 1,
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
          buildPlane: {
            count: 1,
            name: 'default',
            mode: 'agent',
            agentConnection,
          },
        }),
      ),
    ).toEqual([]);
  });
});

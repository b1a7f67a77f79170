import { facts, v1Facts } from '../__testUtils__/facts';
import { gapRules } from './gapRules';

describe('gapRules', () => {
  it('says nothing when everything could be read', () => {
    expect(gapRules(facts())).toEqual([]);
  });

  it('reports refused events once for several pods, with the fallback', () => {
    const reason = 'build plane default/default answered HTTP 403';
    const fallback =
      "The containers' waiting reason and message were used instead.";
    const items = gapRules(
      facts({
        gaps: [
          { kind: 'events', what: 'the events of pod a', reason, fallback },
          { kind: 'events', what: 'the events of pod b', reason, fallback },
        ],
      }),
    );
    expect(items).toEqual([
      expect.objectContaining({
        id: 'events-unreadable',
        severity: 'info',
      }),
    ]);
    expect(items[0].detail).toContain(
      'the events of pod a and the events of pod b',
    );
    expect(items[0].detail).toContain(fallback);
    expect(items[0].fix).toContain('ClusterRole');
  });

  it('reports any other read that failed as an incomplete check', () => {
    expect(
      gapRules(
        facts({
          gaps: [
            {
              kind: 'read',
              what: 'the BuildPlanes of default',
              reason: 'no answer within the diagnosis time budget (5000 ms)',
            },
          ],
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        id: 'check-incomplete',
        severity: 'info',
        title: 'Could not check the BuildPlanes of default',
      }),
    ]);
  });

  it('does not blame the v0.9 agent for refused events of a v1 run', () => {
    const gaps = [
      {
        kind: 'events' as const,
        what: 'the events of pod a',
        reason: 'ClusterWorkflowPlane default answered HTTP 403',
      },
    ];
    const [v1] = gapRules(v1Facts({ gaps }));
    expect(v1.detail).toMatch(/^The workflow plane did not give/);
    expect(v1.fix).toContain('workflow-plane cluster agent may list events');
    expect(v1.fix).not.toContain('v0.9');
    expect(gapRules(facts({ gaps }))[0].fix).toContain('v0.9');
  });
});

import type { WebhookResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import { deliveryOutcomeOf, failedLogEntry } from './logEntry';

const answered = (overrides: Partial<WebhookResponse>): WebhookResponse => ({
  provider: 'github',
  deliveryId: 'd-1',
  event: 'push',
  handled: true,
  duplicate: false,
  message: '',
  runsStarted: 0,
  runsAlreadyStarted: 0,
  runsFailed: 0,
  ...overrides,
});

describe('deliveryOutcomeOf', () => {
  const cases: Array<{
    what: string;
    answer: Partial<WebhookResponse>;
    outcome: ReturnType<typeof deliveryOutcomeOf>;
  }> = [
    { what: 'a ping', answer: { handled: false }, outcome: 'ignored' },
    {
      what: 'a push no component is concerned by',
      answer: {},
      outcome: 'ignored',
    },
    {
      what: 'builds started',
      answer: { runsStarted: 2, runsAlreadyStarted: 1 },
      outcome: 'created',
    },
    {
      what: 'a redelivery',
      answer: { duplicate: true, runsAlreadyStarted: 2 },
      outcome: 'duplicate',
    },
    {
      what: 'a replay of started builds',
      answer: { runsAlreadyStarted: 1 },
      outcome: 'duplicate',
    },
    {
      what: 'no build could start',
      answer: { runsFailed: 1, runsAlreadyStarted: 1 },
      outcome: 'failed',
    },
    {
      what: 'some builds failed',
      answer: { runsStarted: 1, runsFailed: 1 },
      outcome: 'partial',
    },
  ];
  it.each(cases)('$what is $outcome', ({ answer, outcome }) => {
    expect(deliveryOutcomeOf(answered(answer))).toBe(outcome);
  });
});

describe('failedLogEntry', () => {
  it('records a delivery whose processing threw, with the reason and no component', () => {
    expect(
      failedLogEntry(
        'gitlab',
        {
          deliveryId: 'd-2',
          event: 'Push Hook',
          repository: 'https://gitlab.com/acme/mono',
        },
        new Error('control plane unreachable'),
        1000,
      ),
    ).toEqual({
      receivedAt: 1000,
      provider: 'gitlab',
      deliveryId: 'd-2',
      event: 'Push Hook',
      repository: 'https://gitlab.com/acme/mono',
      outcome: 'failed',
      message: 'Not processed: control plane unreachable',
      components: [],
    });
  });
});

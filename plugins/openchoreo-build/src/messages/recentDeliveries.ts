/**
 * English texts of the Auto-build card's "Recent deliveries", merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `recentDeliveries` (`as const`:
 * interpolation parameters are typed from the literal texts).
 */
export const recentDeliveriesMessages = {
  recentDeliveries: {
    heading: 'Recent deliveries',
    refresh: 'Refresh deliveries',
    retry: 'Retry',
    loadFailed: 'Could not load recent deliveries: {{message}}',
    noAnswer: 'no answer',
    empty:
      'No deliveries yet: push to {{branch}} of {{repository}} once the webhook is set up, and its delivery shows here.',
    aBranch: 'a branch',
    theRepository: 'the repository',
    tableLabel: 'Recent webhook deliveries',
    deliveryTooltip: '{{event}} delivery {{deliveryId}}',
    columns: {
      received: 'Received',
      provider: 'Provider',
      branch: 'Branch',
      commit: 'Commit',
      outcome: 'Outcome',
      runs: 'Runs',
    },
    outcome: {
      created: 'Build started',
      duplicate: 'Already built',
      failed: 'Build not started',
    },
    refusedNotListed:
      'Deliveries refused for a wrong signature or secret are not listed: your Git host’s delivery log shows them.',
  },
} as const;

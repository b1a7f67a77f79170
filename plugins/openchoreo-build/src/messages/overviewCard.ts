/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * under the top-level key `entityBuildsCard`: the builds card of a catalog entity's Overview.
 * `as const` keeps the literal texts, from which the translation ref types each text's `{{values}}`.
 */
export const overviewCardMessages = {
  entityBuildsCard: {
    title: 'Builds',
    viewAll: 'View all builds',
    emptyTitle: 'No builds yet',
    emptyDescription:
      '{{component}} has not been built yet. Start a build to run its workflow, or push to its repository if auto-build is on.',
    readDenied: '{{reason}}. Builds you may not see are left out.',
    latest: {
      heading: 'Latest build',
      run: 'Run',
      commit: 'Branch and commit',
      started: 'Started',
      duration: 'Duration',
      trigger: 'Triggered',
      byUser: 'by {{user}}',
      byWebhook: 'webhook ({{provider}})',
      webhookDelivery: 'Delivery {{deliveryId}}',
    },
    history: {
      heading_one: 'Last build',
      heading_other: 'Last {{count}} builds',
      stripLabel_one: 'Status of the last build',
      stripLabel_other: 'Status of the last {{count}} builds, oldest first',
      stripItem: '{{name}}: {{status}}, {{started}}, {{duration}}',
      successRate_one: '{{percent}}% of the last finished build succeeded',
      successRate_other:
        '{{percent}}% of the last {{count}} finished builds succeeded',
      noFinished: 'No finished builds yet',
      sparklineLabel_one: 'Duration of the last finished build: {{longest}}',
      sparklineLabel_other:
        'Durations of the last {{count}} finished builds, oldest first: from {{shortest}} to {{longest}}',
      sparklinePoint: '{{name}}: {{duration}}',
    },
  },
} as const;

/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key
 * `runsList`: the run lists (Builds page, a component's Builds tab), their filters and columns.
 * Kept beside the area's components so each area owns its words.
 */
export const runsListMessages = {
  runsList: {
    columns: {
      triggeredBy: 'Triggered by',
    },
    /** The organization and project folded under the component when the columns do not fit. */
    ownerCaption: '{{organization}} / {{project}}',
    trigger: {
      webhook: '{{provider}} webhook',
      webhookDelivery: 'Delivery {{deliveryId}}',
      unknown: '—',
      unknownHint:
        'Not recorded: the build was started outside the portal (kubectl, another tool) or before the portal recorded who started builds',
    },
    commitTitle: 'Commit {{commit}}',
    filters: {
      label: 'Filter builds',
      organization: 'Organization',
      allOrganizations: 'All organizations',
      project: 'Project',
      component: 'Component',
      workflow: 'Workflow',
      branch: 'Branch',
      status: 'Status',
      allStatuses: 'All statuses',
      trigger: 'Triggered by',
      triggerAny: 'Any',
      triggerUser: 'People',
      triggerWebhook: 'Webhooks',
      mine: 'Mine',
      mineHint: 'Only builds you started from the portal',
      clear_one: 'Clear filter',
      clear_other: 'Clear filters',
    },
    componentBuilds: {
      title: 'Builds of {{component}}',
      startBuild: 'Start build',
      hidden: '{{reason}}. Builds you may not see are left out of the list.',
      started:
        'Build {{run}} started ({{status}}). It appears below and updates live.',
      emptyTitle: 'No builds yet',
      emptyDescription:
        '{{component}} has not been built yet. Use Start build to run its workflow, or push to its repository if auto-build is on.',
      statusEmptyTitle: 'No {{statuses}} builds',
      statusEmptyDescription:
        'No build of this component has that status. Clear the status filter to see every build.',
      filteredEmptyTitle: 'No builds match these filters',
      filteredEmptyDescription:
        'No build of this component matches the filters. Clear them to see every build.',
      statusSeparator: ' or ',
    },
  },
} as const;

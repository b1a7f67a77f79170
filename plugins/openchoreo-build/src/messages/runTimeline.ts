/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key
 * `runTimeline`: the run page's step timeline and graph, its breadcrumbs, Copy link and Re-run
 * with changes. Kept beside the area's components so each area owns its words.
 */
export const runTimelineMessages = {
  runTimeline: {
    timelineColumn: 'Timeline',
    views: {
      label: 'Show the steps as',
      timeline: 'Timeline',
      graph: 'Graph',
    },
    span: '{{start}} to {{end}} ({{duration}})',
    spanRunning: '{{start}} to now ({{duration}}, running)',
    bar: {
      range: '{{start}} to {{end}} ({{duration}})',
      running: '{{start}} to now ({{duration}}, running)',
      noEnd: 'started {{start}}, end not recorded',
      attempt: 'Attempt {{number}}, {{phase}}: {{range}}',
      attempts: '{{number}} attempts: {{list}}',
      notStarted: 'Not started',
      noTimes: '{{phase}}, no times recorded',
      notRun: '{{phase}}: did not run',
    },
    graph: {
      region: 'Graph of the steps of {{name}}',
      summary: 'The steps of {{name}} and the steps each one starts after.',
      node: '{{name}}, {{phase}}',
      startsAfter: '{{step}} starts after {{dependencies}}',
      startsFirst: '{{step}} starts first',
    },
    rerunWithChanges: 'Re-run with changes',
    rerunWithChangesNoComponent:
      'This run names no component, so there is nothing to start again. Start a build from the component instead.',
    copyLink: 'Copy link',
    copyLinkLabel: 'Copy link to this run, at the step and line shown',
    copied: 'Link copied: {{url}}',
    copyFailed: 'Could not copy; select and copy the link: {{url}}',
    breadcrumbs: {
      builds: 'Builds',
      organization: 'Organization {{namespace}}',
    },
  },
} as const;

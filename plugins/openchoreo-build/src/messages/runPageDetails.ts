/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key
 * `runPageDetails`: the run page's parts beside its summary and tables (under `runPage`) — the
 * whole-run log, a step's outputs, the deleted-run banner and chip, why there are no steps, a
 * step's retries, the reasons and notices of Re-run and Cancel, and the summary card's parameters
 * and notes.
 */
export const runPageDetailsMessages = {
  runPageDetails: {
    wholeRunLog: {
      title: 'Whole-run log',
      show: 'Show whole-run log',
      notByStep:
        "This run's Workflow has expired and its archived lines cannot be told apart by step: here is every step's log in time order, each line prefixed with its pod.",
      rebuilt:
        "This run's Workflow has expired; its steps were rebuilt from the observer archive. The whole-run log shows every step's lines in time order.",
      archiveTruncated:
        'The archive is longer than the backend reads (openchoreo.build.limits.archiveEntries); later lines are missing.',
      firstLines:
        'Showing the first {{lines}} lines; download the log for the rest.',
    },
    stepOutputs: {
      heading: 'Outputs of {{step}}',
      show: 'Show {{name}} ({{size}})',
      hide: 'Hide {{name}} ({{size}})',
      lines: '{{lines}} lines',
      characters: '{{characters}} characters',
      copied: 'Copied',
      copy: 'Copy {{name}}',
      valueLabel: 'Value of {{name}}',
      link: '{{name}}: {{link}}',
    },
    deleted: {
      label: 'Deleted',
      labelRetention: 'Deleted by retention',
      story:
        'The control plane removed this run at {{time}}, before it was seen to finish.',
      storyRetention:
        "The control plane removed this run at {{time}}, after it finished (its workflow's ttlAfterCompletion passed).",
      banner:
        "{{story}} Its steps and logs come from the portal's record of the run and the observer archive; actions that need the run object are not available.",
      actionReason:
        '{{label}}: the control plane no longer has this run, so it cannot {{action}}',
      beCancelled: 'be cancelled',
      beRerun: 'be re-run',
      rerunRefused:
        '{{reason}} ({{message}}). Start a new build of the component instead.',
    },
    noSteps: {
      unreadable: 'Steps could not be read: {{error}}',
      expired: "The build plane no longer has this run's steps.",
      pending: 'No steps yet: the build has not started on the build plane.',
      none: 'This run has no steps to show.',
    },
    attemptsRetried: '{{attempts}} (retried {{retries}}×)',
    actions: {
      finished: 'This build has already finished ({{status}})',
      notStarted:
        'This build cannot be cancelled yet: it has not started on the build plane',
      rerunFailed: 'Could not re-run: {{message}}',
      cancelFailed: 'Could not cancel: {{message}}',
      cancelling:
        'Cancelling: Argo Workflow {{workflow}} on {{buildPlane}} was told to terminate.',
    },
    pullRequestLabel: 'Pull request {{url}}',
    summary: {
      parameters: 'Parameters',
      noParameters: 'none',
      workflowExpired:
        "The build plane has deleted this run's Argo Workflow (its time to live passed); step logs come from the archive.",
      stepsUnreadable:
        'Steps could not be read from the build plane: {{error}}',
    },
  },
} as const;

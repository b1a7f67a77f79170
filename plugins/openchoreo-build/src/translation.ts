import {
  createTranslationRef,
  type TranslationFunction,
} from '@backstage/frontend-plugin-api';
import { buildPlaneCardMessages } from './messages/buildPlaneCard';
import { diagnosisMessages } from './messages/diagnosis';
import { logViewerToolsMessages } from './messages/logViewerTools';
import { recentDeliveriesMessages } from './messages/recentDeliveries';
import { autoBuildSetupMessages } from './messages/autoBuildSetup';
import { holosMessages } from './messages/holos';
import { overviewCardMessages } from './messages/overviewCard';
import { runsListMessages } from './messages/runsList';
import { runTimelineMessages } from './messages/runTimeline';
import { runPageDetailsMessages } from './messages/runPageDetails';
import { permissionsMessages } from './messages/permissions';
import { workflowTablesMessages } from './messages/workflowTables';
import { schemaFieldsMessages } from './messages/schemaFields';
import { durationMessages } from './messages/durations';
import { parametersFormMessages } from './messages/parametersForm';

/**
 * The user-visible text of the OpenChoreo Build plugin, in English. Apps translate or reword it with
 * a translation resource for this ref (see the plugin's README).
 *
 * @alpha
 */
export const openchoreoBuildTranslationRef = createTranslationRef({
  id: 'openchoreo-build',
  messages: {
    // Pages and tabs (the legacy page's tabs; new-frontend-system titles are extension config).
    buildsPage: {
      title: 'Builds',
      subtitle: 'Every OpenChoreo component build in your organizations',
      tabs: {
        runs: 'Runs',
        buildPlanes: 'Build planes',
        workflows: 'Workflows',
        renderPlans: 'Render plans',
      },
    },
    runsTab: {
      tableCaption: 'Builds',
      backLabel: 'All builds',
      filteredEmptyTitle: 'No builds match these filters',
      filteredEmptyDescription:
        'Change or clear the filters above to see more builds.',
      emptyTitle: 'No builds yet',
      emptyDescription:
        "No ComponentWorkflowRun exists in {{namespaces}}. Start a build from a component's Builds tab.",
      configuredOrganizations: 'the configured organizations',
    },
    runsTable: {
      columns: {
        status: 'Status',
        run: 'Run',
        organization: 'Organization',
        project: 'Project',
        component: 'Component',
        workflow: 'Workflow',
        branch: 'Branch',
        commit: 'Commit',
        started: 'Started',
        duration: 'Duration',
      },
      latestCommit: 'latest',
    },
    pager: {
      label: 'Pagination',
      page: 'Page {{page}}',
      previous: 'Previous page',
      next: 'Next page',
    },
    statusFilter: {
      label: 'Status',
      all: 'All statuses',
    },
    liveIndicator: {
      connecting: 'Connecting…',
      open: 'Live',
      reconnecting: 'Reconnecting…',
      notLive: 'Not live',
      openHint: 'Updates appear without reloading',
      waitingHint: 'Updates appear once connected',
      httpStatus: 'The event stream answered HTTP {{status}}; retrying',
    },
    errorState: {
      tryAgain: 'Try again',
      hints: {
        unauthorized: 'Your session may have expired: sign in again.',
        forbidden:
          'The message names the permission you need: ask your platform team for it.',
        notFound: 'It may have been deleted, or the link is wrong.',
        unreachable:
          'The portal could not reach the OpenChoreo cluster. Check the control plane and build plane, then try again.',
        backend:
          'Check that the OpenChoreo Build backend is running and can reach the cluster, then try again.',
        badRequest: 'Correct the request and try again.',
      },
    },
    permissionRequired: {
      title: 'You need the permission {{permission}} to see {{subject}}',
      ask: 'Ask your platform team to grant it to you.',
      uncheckable:
        'Your permissions could not be checked: {{message}}. Try again later, or ask your platform team.',
    },
    buildPlanesTab: {
      intro:
        "Where OpenChoreo runs your builds, and whether it can reach them. On OpenChoreo v0.x each organization builds on the first BuildPlane in its namespace; on v1.x each Workflow names the WorkflowPlane or cluster-scoped ClusterWorkflowPlane its runs go to. Use Check now to probe a plane's API, cluster gateway and observer from the portal.",
      permissionSubject: 'the build planes',
      emptyTitle: 'No build planes',
      emptyDescription:
        "No organization this portal shows has a BuildPlane (OpenChoreo v0.x) or a WorkflowPlane / ClusterWorkflowPlane (v1.x). Create one in each organization's namespace (kubectl apply -f buildplane.yaml; on v1.x a ClusterWorkflowPlane serves every organization) so OpenChoreo can run builds.",
    },
    workflowsTab: {
      intro:
        'The build templates (ComponentWorkflows; on OpenChoreo v1.x Workflows and ClusterWorkflows) components can use, and what they need.',
      permissionSubject: 'the workflows',
      organization: 'Organization',
      allOrganizations: 'All organizations',
      emptyTitle: 'No workflows',
      emptyDescription:
        'No ComponentWorkflow, Workflow or ClusterWorkflow exists in {{where}}. Platform engineers install them with the OpenChoreo control-plane chart or kubectl apply.',
      shownOrganizations: 'the organizations this portal shows',
      clusterScoped: '{{name}} (cluster-scoped, offered to {{namespace}})',
      readyToBuild: 'Ready to build',
      secretsNotReady_one: '{{count}} secret not ready',
      secretsNotReady_other: '{{count}} secrets not ready',
      parameters: 'Parameters',
      secrets: 'Secrets',
      parameterLeftOut: 'Parameter left out of the form: {{warning}}',
      runsOn: 'Runs on:',
      runsKept: 'Runs kept after they finish:',
      runsKeptFor:
        '{{ttl}} (then the control plane deletes them; the portal keeps their record)',
      noLimit: 'no limit set',
    },
    renderPlansTab: {
      intro:
        "Check Holos BuildPlans and see how holos would render them: each artifact's pipeline, its problems and a dry run. Nothing is executed.",
      permissionSubject: 'the render plan validator',
      planText: 'Plan text (YAML or JSON)',
      planTextHelp:
        'One BuildPlan, a Platform, or what holos show buildplans prints. Ctrl+Enter (⌘+Enter) validates.',
      validate: 'Validate',
      validating: 'Validating…',
      uploadFile: 'Upload file',
    },
    entityBuilds: {
      componentRef:
        'OpenChoreo component {{component}} in project {{project}}, organization {{namespace}}.',
      backLabel: 'All builds of {{component}}',
    },
    entityRenderPlan: {
      refresh: 'Refresh',
      tryAgain: 'Try again',
      notFoundTitle: 'No render plans found',
      readFrom: 'Read from',
    },
    autoBuild: {
      title: 'Auto-build',
      subheader: 'Start builds from Git pushes (webhooks)',
      retry: 'Retry',
      loadFailed: 'Could not load auto-build settings: {{message}}',
      switchLabel: 'Auto-build on push',
      isOn: 'Auto-build is on',
      isOff: 'Auto-build is off',
      saving: ' (saving…)',
      denied:
        'You are not allowed to switch auto-build (permission {{permission}})',
      updateFailed: 'Could not switch auto-build: {{message}}',
      repositoryProblem: 'No push can build this component: {{problem}}',
      gitProvider: 'Git provider',
      webhookUrl: 'Webhook URL:',
      webhookUrlCopied: 'Webhook URL copied',
      copyWebhookUrl: 'Copy webhook URL',
      setupStepsCopied: 'Setup steps copied',
      copySetupSteps: 'Copy {{provider}} setup steps',
      copySetupStepsCaption: 'Copy the {{provider}} setup steps',
    },
    runPage: {
      title: 'Build {{name}}',
      organization: 'Organization {{namespace}}',
      notFound: 'Build {{name}} was not found',
      logOf: 'Log of {{step}}',
      log: 'Log',
      noSuchStep: 'This run has no step named {{step}}.',
      pickStep: 'Pick a step to see its log.',
      rerun: 'Re-run',
      cancelBuild: 'Cancel build',
      cancelTitle: 'Cancel build {{name}}?',
      cancelExplanation:
        'Its Argo Workflow will be terminated and the run will end as Failed. This cannot be undone; you can start a new build afterwards.',
      keepRunning: 'Keep running',
      confirmCancel: 'Yes, cancel build',
      summary: 'Summary',
      summaryItems: {
        status: 'Status',
        workflow: 'Workflow',
        component: 'Component',
        repository: 'Repository',
        branch: 'Branch',
        commit: 'Commit',
        appPath: 'App path',
        image: 'Image',
        startedBy: 'Started by',
        pullRequest: 'Pull request',
        started: 'Started',
        finished: 'Finished',
        duration: 'Duration',
        buildPlane: 'Build plane',
        argoWorkflow: 'Argo Workflow',
      },
      conditions: 'Conditions',
      noConditions: 'No conditions yet: OpenChoreo has not picked this run up.',
      conditionColumns: {
        type: 'Type',
        status: 'Status',
        reason: 'Reason',
        message: 'Message',
        lastTransition: 'Last transition',
      },
      steps: 'Steps',
      stepColumns: {
        step: 'Step',
        phase: 'Phase',
        started: 'Started',
        duration: 'Duration',
        attempts: 'Attempts',
        message: 'Message',
      },
      onExit: 'On exit',
    },
    logViewer: {
      searchPlaceholder: 'Search log',
      searchLabel: 'Search log (Enter: next match, Shift+Enter: previous)',
      previousMatch: 'Previous match',
      nextMatch: 'Next match',
      noMatches: 'No matches',
      wrap: 'Wrap',
      timestamps: 'Timestamps',
      copy: 'Copy log',
      copyHint: 'Copy the selected text, or the whole log',
      selectionCopied: 'Selection copied',
      linesCopied: '{{lines}} lines copied',
      download: 'Download log',
      downloadHint: 'Download the whole log',
      downloadFailed: 'Download failed: {{reason}}',
      downloadNoAnswer: 'the backend did not answer',
      streamRefused: 'The log stream answered HTTP {{status}}.',
      follow: 'Follow',
      connecting: 'Connecting…',
      reconnecting: 'Reconnecting…',
      complete: 'Complete · {{lines}} lines',
      noLines: 'This step wrote no log lines.',
      waiting: 'Waiting for log lines…',
    },
    startBuild: {
      title: 'Start build',
      dialogTitle: 'Start a build of {{component}}',
      workflowLabel: 'Workflow',
      componentWorkflowOption: "The component's workflow",
      chooseWorkflowOption: 'Choose a workflow',
      notFoundIn: '{{workflow}} (not found in {{namespace}})',
      secretsNotReadySuffix: '{{workflow}} (secrets not ready)',
      secretsNotReady:
        'Some secrets this workflow needs are not ready; the build may fail. See the Workflows page for the fix.',
      workflowRequired:
        'is required: {{component}} has no workflow configuration',
      help: {
        chooseWorkflow:
          'This component names no workflow: choose the one to run.',
        sendAll:
          'Nothing comes from the component: every value below is sent as shown.',
        fromComponent:
          "Values you leave unchanged come from the component's workflow configuration.",
        otherWorkflowV1:
          "A different workflow than the component uses: its parameters start from the workflow defaults, the repository from the component's; every value below is sent as shown.",
        otherWorkflowV0:
          'A different workflow than the component uses: its parameters start from the workflow defaults; the repository still comes from the component.',
      },
      repositoryHeading: 'Repository',
      parametersHeading: 'Parameters',
      pickWorkflow: 'Pick a workflow to change its parameters.',
      roles: {
        url: 'Repository URL',
        branch: 'Branch',
        commit: 'Commit',
        appPath: 'App path',
        secretRef: 'Git credentials secret',
      },
      // Shown under a repository field whose schema has no description of its own.
      roleHints: {
        url: 'Git repository URL',
        branch: 'Git branch to build',
        commit: 'Commit SHA; empty builds the latest commit of the branch',
        appPath: 'Path of the application in the repository',
      },
      defaultsUnavailable:
        "Could not read the build defaults of {{component}}: {{message}}. The form is not prefilled; values you leave unchanged come from the component's workflow configuration on the server.",
      noWorkflowConfiguration:
        '{{component}} has no workflow configuration (spec.workflow), so nothing is prefilled: choose a workflow and give the repository to build.',
      cannotBuild: 'Cannot build {{component}}',
      tryAgain: 'Try again',
      cancel: 'Cancel',
      start: 'Start build',
      starting: 'Starting…',
      preview: {
        title: 'Preview',
        description:
          'The {{kind}} this build creates. The server generates its name and adds who started it.',
        componentUnknown:
          "The component's own values are missing here: the server adds them.",
      },
    },
    ...buildPlaneCardMessages,
    ...diagnosisMessages,
    ...recentDeliveriesMessages,
    ...autoBuildSetupMessages,
    ...holosMessages,
    ...overviewCardMessages,
    ...runsListMessages,
    ...runTimelineMessages,
    ...logViewerToolsMessages,
    ...runPageDetailsMessages,
    ...permissionsMessages,
    ...workflowTablesMessages,
    ...schemaFieldsMessages,
    ...durationMessages,
    ...parametersFormMessages,
  },
});

/** The plugin's `t`, for helpers outside components that build text (`useTranslationRef(...).t`). */
export type OpenChoreoBuildTranslate = TranslationFunction<
  typeof openchoreoBuildTranslationRef.T
>;

import type { HolosRule } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * English texts of the Render plans (Holos) views — the Builds page's Render plans tab and an
 * entity's Render plan tab — merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * under `holos` (`as const`: interpolation parameters are typed from the literal texts; plurals
 * use `_one`/`_other` keys with a `count` param). The page's intro, editor and buttons are under
 * `renderPlansTab`, the entity tab's location and buttons under `entityRenderPlan`. Problem
 * messages come from the backend and are shown as they are.
 */
export const holosMessages = {
  holos: {
    count: {
      plans_one: '{{count}} plan',
      plans_other: '{{count}} plans',
      platforms_one: '{{count}} platform',
      platforms_other: '{{count}} platforms',
      components_one: '{{count}} component',
      components_other: '{{count}} components',
      problems_one: '{{count}} problem',
      problems_other: '{{count}} problems',
      unresolvedInputs_one: '{{count}} unresolved input',
      unresolvedInputs_other: '{{count}} unresolved inputs',
    },
    // The line above a result: "3 plans, 2 valid, 1 platform with 3 components, 4 problems".
    summary: {
      valid: '{{number}} valid',
      platformsWithComponents: '{{platforms}} with {{components}}',
      plans: '{{plans}}, {{valid}}, {{problems}}',
      plansAndPlatforms: '{{plans}}, {{valid}}, {{platforms}}, {{problems}}',
    },
    // A task's stage in words; `write` is the artifact write at the end of a pipeline.
    stage: {
      generator: 'generator',
      transformer: 'transformer',
      validator: 'validator',
      write: 'artifact',
    },
    node: {
      /** "Helm generator 1 (podinfo)". */
      task: '{{kind}} {{stage}} {{position}} ({{label}})',
      /** "artifact app.gen.yaml". */
      write: 'artifact {{path}}',
      noPath: '(no path)',
      /** The first line of a node in the graph: "Kustomize · transformer". */
      title: '{{kind}} · {{stage}}',
      /** The edge label of an input matched as a directory. */
      byPrefix: '{{output}} (by prefix {{input}}/)',
    },
    flags: {
      problems_one: '{{count}} problem: {{rules}}',
      problems_other: '{{count}} problems: {{rules}}',
      skipIgnored: 'skip ignored',
    },
    result: {
      noDocuments: 'The text holds no documents.',
      plansHeading: 'Plans',
      disabled: 'disabled',
      planValid: 'valid',
      planItem: 'component {{component}} · {{state}}',
    },
    platform: {
      title: 'Platform {{name}}',
      subheader_one: '{{count}} component; holos renders each to a BuildPlan',
      subheader_other:
        '{{count}} components; holos renders each to a BuildPlan',
      componentsLabel: 'Components of platform {{name}}',
      problemsLabel: 'Problems of platform {{name}}',
      columns: {
        name: 'Name',
        path: 'Path',
        parameters: 'Parameters',
      },
    },
    plan: {
      component: 'component {{component}}',
      disabledAlert:
        'This plan is disabled (spec.disabled): holos renders nothing of it.',
      viewsLabel: 'Views of plan {{name}}',
      pipelineTab: 'Pipeline',
      problemsTab: 'Problems ({{number}})',
      dryRunTab: 'Dry run',
      noArtifacts: 'The plan has no artifacts.',
      problemsLabel: 'Problems of plan {{name}}',
    },
    artifact: {
      heading: 'Artifact {{index}}:',
      skipChip: 'skip: true (ignored by holos v1alpha6)',
      skipIgnored:
        'This artifact says skip: true, but holos v1alpha6 never reads skip: it still builds and writes this artifact. Remove the artifact from the plan if it should not be rendered.',
      flowsUnknown:
        'The arrows show the stage order only: without a dry run the data flows are unknown.',
    },
    graph: {
      groupLabel: 'Pipeline of artifact {{index}}: {{path}}',
      regionLabel: 'Graph of artifact {{index}}',
      /** A node button's name: the text it shows, then which task it is. */
      nodeName: '{{shown}} ({{task}})',
      nodeTooltip: '{{task}} — {{flags}}',
      summary_one:
        'Pipeline of {{count}} task: generators run concurrently, then transformers in order, then validators, then the artifact is written.',
      summary_other:
        'Pipeline of {{count}} tasks: generators run concurrently, then transformers in order, then validators, then the artifact is written.',
      reads: 'reads {{paths}}',
      writes: 'writes {{paths}}',
      flowsFromTo: '{{paths}} flows from {{from}} to {{to}}',
      runsAfter: '{{to}} runs after {{from}}',
    },
    nodeDetails: {
      label: 'Details of {{name}}',
      skipChip: 'skip: true (ignored)',
      inputsAndOutputs: 'Inputs and outputs',
      reads: 'Reads',
      writes: 'Writes',
      unresolvedInput:
        'Input {{input}}: no earlier task of this artifact writes it.',
      problemsHeading: 'Problems of this node',
      problemsLabel: 'Problems of {{name}}',
    },
    problems: {
      none: 'No problems.',
      columns: {
        rule: 'Rule',
        where: 'Where',
        line: 'Line',
        problem: 'Problem',
        node: 'Node',
      },
      document: '(document)',
      showNode: 'Show {{node}} in the pipeline',
    },
    // What each rule asks of a plan, for the rule chip's tooltip (the rules are decided in -common).
    rule: {
      schema: 'The document must match the v1alpha6 schema',
      'write-once': 'Each output is written by one task of the plan only',
      'artifact-output':
        "The artifact's last transformer (or its only generator) writes the artifact path",
      'missing-input':
        'Every input is written by an earlier task of the same artifact',
      'cross-artifact':
        'Artifacts run concurrently: one must not read the output of another',
      'input-order':
        'A task must not read an output written later in its pipeline',
    } satisfies Record<HolosRule, string>,
    dryRun: {
      none: 'No dry run: the plan does not match the v1alpha6 schema, so there is nothing sound to plan. Fix its schema problems first.',
      disabled:
        'The plan is disabled (spec.disabled): holos writes none of its artifacts. The steps show what would run once it is enabled.',
      taskOfArtifact: '{{task}} of artifact {{artifact}}',
      stepsHeading: 'Steps',
      stepsLabel: 'Dry run steps',
      step_one: 'Step {{step}}: {{count}} task runs',
      step_other: 'Step {{step}}: {{count}} tasks run concurrently',
      reads: '— reads',
      writes: '— writes',
      flowsHeading: 'Data flows',
      flowsLabel: 'Data flows',
      columns: {
        output: 'Output',
        writtenBy: 'Written by',
        input: 'Input',
        readBy: 'Read by',
      },
      noWriter: 'no task writes it',
      byPrefix: 'by prefix',
      artifactsHeading: 'Final artifacts',
      artifactsLabel: 'Final artifacts',
      noArtifacts: 'None: the plan is disabled, or its artifacts have no path.',
    },
    // A task's spec in the node details. Credentials: only where they come from, never a value.
    spec: {
      auth: {
        summary: 'username {{username}}, password {{password}}',
        valueInsteadOfEnv: 'value set (used instead of env {{env}})',
        value: 'value set',
        fromEnv: 'from env {{env}}',
        notSet: 'not set',
      },
      helm: {
        label: 'Helm chart',
        noChart: 'No chart set.',
        chart: 'Chart',
        version: 'Version',
        release: 'Release',
        repository: 'Repository',
        repositoryUrl: 'Repository URL',
        repositoryAuth: 'Repository auth',
        namespace: 'Namespace',
        hooks: 'Hooks',
        hooksEnabled: 'enabled',
        kubeVersion: 'Kubernetes version',
        apiVersions: 'API versions',
        valuesHeading: 'Values',
        valuesLabel: 'Helm values',
        valueFilesHeading: 'Value files',
        valueFileLabel: 'Values of {{name}}',
      },
      kustomize: {
        heading: 'Kustomization',
        label: 'Kustomization',
        filesHeading: 'Files ({{number}})',
        fileLabel: 'Content of {{name}}',
      },
      command: {
        label: 'Command',
        name: 'Name',
        output: 'Output',
        stdoutOutput: 'standard output is saved as the output (isStdoutOutput)',
        filesOutput: 'the command writes its output files itself',
        argumentsHeading: 'Arguments',
        commandLineLabel: 'Command line',
        noArguments: '(no arguments)',
      },
      resources: {
        label: 'Resources',
        columns: {
          kind: 'Kind',
          label: 'Label',
          name: 'Name',
          namespace: 'Namespace',
        },
      },
      write: {
        label: 'Artifact',
        writes: 'Writes',
        noPath: '(no artifact path)',
        when: 'When',
        whenText:
          'after every generator, transformer and validator of the artifact',
      },
      file: {
        label: 'File',
        source: 'Source',
      },
      join: {
        label: 'Join',
        separator: 'Separator',
      },
    },
    input: {
      goToLine: 'Go to line {{line}}',
      errorTitle: 'The text could not be analysed',
      errorTitleAtLine: 'The text could not be analysed (line {{line}})',
      errorTitleAtColumn:
        'The text could not be analysed (line {{line}}, column {{column}})',
      lineLabel: 'Line {{line}}',
      errorHint:
        'Fix the text and validate again: it must be YAML or JSON holding v1alpha6 BuildPlan or Platform documents.',
      fileLabel: 'Plan file',
      fileReadFailed:
        'Could not read {{name}}: {{message}}. Choose the file again, or paste its text.',
      noReadReason: 'the browser gave no reason',
    },
    entity: {
      permissionAction: 'read the render plans of this entity',
      permissionDenied: '{{reason}}. Ask your platform team for it.',
      notFoundDescription:
        '{{message}}. The annotation {{annotation}} is "{{location}}": check that the file exists at that path or URL.',
      unreadableTitle: 'The render plans at {{location}} could not be read',
    },
  },
} as const;

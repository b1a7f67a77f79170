import type {
  AutoBuildResponse,
  ComponentDetail,
  ComponentWorkflowSummary,
  RunDetail,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/*
 * Sample answers of the OpenChoreo Build backend, shaped like OpenChoreo's samples (the component
 * greeter-service of project default, organization default, built with the docker workflow). Each
 * takes overrides.
 */

/** greeter-service's `spec.workflow`: the docker workflow on the sample repository (a fresh copy). */
function greeterWorkflow(): NonNullable<ComponentDetail['workflow']> {
  return {
    name: 'docker',
    systemParameters: {
      repository: {
        url: 'https://github.com/openchoreo/sample-workloads',
        revision: { branch: 'main' },
        appPath: '/service-go-greeter',
      },
    },
    parameters: {
      docker: {
        context: '/service-go-greeter',
        filePath: '/service-go-greeter/Dockerfile',
      },
    },
  };
}

/** A finished run of greeter-service. @public */
export function runSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    namespace: 'default',
    name: 'greeter-service-workflow-0000aaaa',
    generation: 'v0',
    project: 'default',
    component: 'greeter-service',
    workflow: 'docker',
    status: 'Succeeded',
    repository: {
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      appPath: '/service-go-greeter',
    },
    image: 'registry.local/default-greeter-service:a1b2c3d',
    createdAt: '2026-01-10T10:00:00Z',
    startedAt: '2026-01-10T10:00:01Z',
    completedAt: '2026-01-10T10:02:31Z',
    durationSeconds: 150,
    ...overrides,
  };
}

/** The detail of {@link runSummary}'s run: spec, conditions, four Argo steps. @public */
export function runDetail(overrides: Partial<RunDetail> = {}): RunDetail {
  const summary = runSummary(overrides);
  return {
    ...summary,
    spec: {
      owner: { projectName: summary.project, componentName: summary.component },
      workflow: greeterWorkflow(),
    },
    conditions: [
      {
        type: 'WorkflowCompleted',
        status: 'True',
        reason: 'WorkflowSucceeded',
        message: 'Workflow has completed successfully',
        lastTransitionTime: '2026-01-10T10:02:31Z',
      },
      {
        type: 'WorkflowSucceeded',
        status: 'True',
        reason: 'WorkflowSucceeded',
        message: 'Workflow has succeeded',
        lastTransitionTime: '2026-01-10T10:02:31Z',
      },
    ],
    steps: [
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ].map((name, i) => ({
      id: `node-${i}`,
      name,
      templateName: name,
      phase: 'Succeeded' as const,
      startedAt: `2026-01-10T10:0${i}:00Z`,
      finishedAt: `2026-01-10T10:0${i}:30Z`,
      durationSeconds: 30,
      outputs: {},
      attempts: [
        { nodeId: `node-${i}`, attempt: 0, phase: 'Succeeded' as const },
      ],
    })),
    stepsSource: 'argo',
    execution: {
      name: summary.name,
      namespace: 'openchoreo-ci-default',
      phase: 'Succeeded',
      buildPlane: { namespace: 'default', name: 'default', mode: 'agent' },
      found: true,
      expired: false,
    },
    resources: [],
    cancellable: false,
    // The catalog entity claiming greeter-service (see examples/entities.yaml).
    entityRef: 'component:default/greeter-service',
    ...overrides,
  } as RunDetail;
}

/** The `workload-cr` output a GitOps release run's `generate-gitops-resources`-like step reports. */
export const WORKLOAD_CR = [
  'apiVersion: openchoreo.dev/v1alpha1',
  'kind: Workload',
  'metadata:',
  '  name: reading-list',
  'spec:',
  '  owner: { projectName: default, componentName: reading-list }',
  '  containers:',
  '    main:',
  '      image: registry.local/default-reading-list:v1-a1b2c3d4',
].join('\n');

/**
 * A finished run of the GitOps release workflow `docker-gitops-release` (v0.12.0 samples): its last
 * step `git-commit-push-pr` reports the pull request it opened as the output `pull-request-url`,
 * which the backend passes on as `pullRequestUrl`.
 */
export function gitopsRunDetail(overrides: Partial<RunDetail> = {}): RunDetail {
  const pr = 'https://github.com/openchoreo/sample-gitops/pull/42';
  const step = (
    i: number,
    name: string,
    outputs: Record<string, string> = {},
  ) => ({
    id: `gitops-node-${i}`,
    name,
    templateName: name,
    phase: 'Succeeded' as const,
    startedAt: `2026-01-10T10:0${i}:00Z`,
    finishedAt: `2026-01-10T10:0${i}:30Z`,
    durationSeconds: 30,
    outputs,
    attempts: [],
  });
  return runDetail({
    name: 'reading-list-workflow-5e6f7a8b',
    component: 'reading-list',
    workflow: 'docker-gitops-release',
    steps: [
      step(0, 'clone-source', { 'git-revision': 'a1b2c3d4' }),
      step(1, 'build-image'),
      step(2, 'push-image', {
        image: 'registry.local/default-reading-list:v1-a1b2c3d4',
      }),
      step(3, 'generate-gitops-resources', { 'workload-cr': WORKLOAD_CR }),
      step(4, 'git-commit-push-pr', { 'pull-request-url': pr }),
    ],
    pullRequestUrl: pr,
    ...overrides,
  });
}

/** The Component greeter-service with its `spec.workflow` (what `GET /components/...` answers). @public */
export function componentDetail(
  overrides: Partial<ComponentDetail> = {},
): ComponentDetail {
  return {
    namespace: 'default',
    project: 'default',
    name: 'greeter-service',
    generation: 'v0',
    displayName: 'Greeter Service',
    componentType: 'deployment/service',
    workflow: greeterWorkflow(),
    autoBuild: true,
    ...overrides,
  };
}

/** The v0 ComponentWorkflow `docker` with its parameter schemas. @public */
export function dockerWorkflow(
  overrides: Partial<ComponentWorkflowSummary> = {},
): ComponentWorkflowSummary {
  return {
    namespace: 'default',
    name: 'docker',
    generation: 'v0',
    kind: 'ComponentWorkflow',
    description: 'Docker workflow for containerized workflows using Dockerfile',
    systemParametersSchema: {
      type: 'object',
      required: ['repository'],
      properties: {
        repository: {
          type: 'object',
          required: ['url', 'revision'],
          properties: {
            url: {
              type: 'string',
              pattern: '^https?://',
              minLength: 1,
              description: 'Git repository URL',
            },
            revision: {
              type: 'object',
              properties: {
                branch: {
                  type: 'string',
                  default: 'main',
                  description: 'Git branch to checkout',
                },
                commit: {
                  type: 'string',
                  pattern: '^[0-9a-fA-F]{7,40}$',
                  description: 'Git commit SHA',
                },
              },
            },
            appPath: {
              type: 'string',
              default: '.',
              description: 'Path to the application directory',
            },
          },
        },
      },
    },
    parametersSchema: {
      type: 'object',
      properties: {
        docker: {
          type: 'object',
          properties: {
            context: {
              type: 'string',
              default: '.',
              description: 'Docker build context path',
            },
            filePath: {
              type: 'string',
              default: './Dockerfile',
              description: 'Path to the Dockerfile',
            },
          },
        },
        retries: {
          type: 'integer',
          default: 3,
          minimum: 0,
          maximum: 10,
          description: 'Retry attempts',
        },
        cache: { type: 'boolean', default: true },
        testMode: {
          type: 'string',
          enum: ['unit', 'integration', 'none'],
          default: 'unit',
        },
        args: { type: 'array', items: { type: 'string' }, default: [] },
      },
    },
    schemaWarnings: [],
    runTemplate: {
      kind: 'Workflow',
      workflowTemplateRef: { name: 'docker', clusterScope: true },
    },
    secrets: [],
    ready: true,
    ...overrides,
  };
}

const WEBHOOK_BASE = 'http://backend.test/api/openchoreo-build/webhooks';

/** Auto-build of greeter-service (what `GET …/autobuild` answers). @public */
export function autoBuildState(
  overrides: Partial<AutoBuildResponse> = {},
): AutoBuildResponse {
  return {
    namespace: 'default',
    project: 'default',
    component: 'greeter-service',
    autoBuild: true,
    canUpdate: true,
    requireBranchMatch: true,
    repository: {
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      appPath: '/service-go-greeter',
    },
    webhookUrls: {
      github: `${WEBHOOK_BASE}/github`,
      gitlab: `${WEBHOOK_BASE}/gitlab`,
      bitbucket: `${WEBHOOK_BASE}/bitbucket`,
    },
    ...overrides,
  };
}

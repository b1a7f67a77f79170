import type { KObject } from '../apiserver/types';
import { DOCKER_DAG } from './dockerDag';
import { gitopsReleaseComponentWorkflows } from './gitopsTemplates';

/**
 * ComponentWorkflows as OpenChoreo's samples describe them (parameters,
 * run templates, resources), written for the sandbox. Values are `${...}`
 * expressions rendered by the run controller. The `*-gitops-release` ones are
 * the vendored v0.12.0 samples themselves (`gitopsTemplates.ts`).
 */
const SYSTEM_PARAMETERS = {
  repository: {
    url: 'string | description="Git repository URL"',
    revision: {
      branch: 'string | default=main description="Git branch to checkout"',
      commit:
        'string | description="Git commit SHA or reference (optional, defaults to latest)"',
    },
    appPath:
      'string | default=. description="Path to the application directory within the repository"',
  },
};

type Param = [name: string, value: string];

const common = (): Param[] => [
  ['component-name', '${metadata.componentName}'],
  ['project-name', '${metadata.projectName}'],
  ['git-repo', '${systemParameters.repository.url}'],
  ['branch', '${systemParameters.repository.revision.branch}'],
  ['commit', '${systemParameters.repository.revision.commit}'],
  ['app-path', '${systemParameters.repository.appPath}'],
];

function runTemplate(
  templateName: string,
  params: Param[],
): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: '${metadata.workflowRunName}',
      namespace: 'openchoreo-ci-${metadata.orgName}',
    },
    spec: {
      arguments: {
        parameters: params.map(([name, value]) => ({ name, value })),
      },
      serviceAccountName: 'workflow-sa',
      workflowTemplateRef: { clusterScope: true, name: templateName },
    },
  };
}

function workflow(
  namespace: string,
  name: string,
  description: string,
  spec: Record<string, unknown>,
): KObject {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ComponentWorkflow',
    metadata: {
      name,
      namespace,
      annotations: { 'openchoreo.dev/description': description },
    },
    spec,
  };
}

export interface WorkflowOptions {
  /** Extra resources (shared ExternalSecrets with fixed names) per workflow name. */
  extraResources?: Record<string, Array<Record<string, unknown>>>;
  /** Adds `docker-dag`, the docker workflow run by a DAG template (`dockerDag.ts`). */
  dockerDag?: boolean;
}

/** The docker sample's schema and runTemplate, running ClusterWorkflowTemplate `templateName`. */
function dockerSpec(templateName: string): Record<string, unknown> {
  return {
    schema: {
      systemParameters: SYSTEM_PARAMETERS,
      parameters: {
        docker: {
          context:
            'string | default=. description="Docker build context path relative to the repository root"',
          filePath:
            'string | default=./Dockerfile description="Path to the Dockerfile relative to the repository root"',
        },
      },
    },
    runTemplate: runTemplate(templateName, [
      ...common(),
      ['docker-context', '${parameters.docker.context}'],
      ['dockerfile-path', '${parameters.docker.filePath}'],
      ['registry-url', 'gcr.io/openchoreo-dev/images'],
      ['build-timeout', '30m'],
      ['image-name', '${metadata.projectName}-${metadata.componentName}-image'],
      ['image-tag', 'v1'],
    ]),
  };
}

export function componentWorkflows(
  namespace: string,
  options: WorkflowOptions = {},
): KObject[] {
  const list = [
    workflow(
      namespace,
      'docker',
      'Docker workflow for containerized workflows using Dockerfile',
      dockerSpec('docker'),
    ),
    // The same parameters, so a component of the docker workflow can run it as it is.
    ...(options.dockerDag
      ? [
          workflow(
            namespace,
            DOCKER_DAG,
            'Docker workflow as a DAG: the source is scanned while the image builds',
            dockerSpec(DOCKER_DAG),
          ),
        ]
      : []),
    workflow(
      namespace,
      'google-cloud-buildpacks',
      'Google Cloud Buildpacks workflow for containerized builds',
      {
        schema: {
          types: {
            Endpoint: {
              name: 'string',
              port: 'integer',
              type: 'string | enum=REST,HTTP,TCP,UDP',
              schemaFile:
                "string | description='Path to the schema file defining the endpoint structure'",
            },
            ResourceRequirements: {
              requests: 'ResourceQuantity | default={}',
              limits: 'ResourceQuantity | default={}',
            },
            ResourceQuantity: {
              cpu: 'string | default=100m',
              memory: 'string | default=256Mi',
            },
          },
          systemParameters: SYSTEM_PARAMETERS,
          parameters: {
            version:
              'integer | default=1 description="Build version number for image tagging"',
            testMode:
              'string | enum=unit,integration,none default=unit description="Test mode to execute (unit, integration, or none)"',
            command:
              '[]string | default=[] description="Custom command to override the default entrypoint"',
            args: '[]string | default=[] description="Custom arguments to pass to the command"',
            timeout:
              'string | default="30m" description="Build timeout duration (e.g., 30m, 1h)"',
            cache: {
              enabled:
                'boolean | default=true description="Enable build cache to speed up subsequent builds"',
              paths:
                '[]string | default=["/root/.cache"] description="Paths to cache between builds"',
            },
            limits: {
              maxRetries:
                'integer | default=3 minimum=0 maximum=10 description="Maximum number of retry attempts on build failure"',
              maxDurationMinutes:
                'integer | default=60 minimum=5 maximum=240 description="Maximum build duration in minutes"',
            },
            endpoints:
              '[]Endpoint | default=[] description="List of service endpoints exposed by the component"',
            resources: 'ResourceRequirements | default={}',
          },
        },
        runTemplate: runTemplate('google-cloud-buildpacks', [
          ...common(),
          ['version', '${parameters.version}'],
          ['test-mode', '${parameters.testMode}'],
          ['command', '${parameters.command}'],
          ['args', '${parameters.args}'],
          ['timeout', '${parameters.timeout}'],
          ['cache-enabled', '${parameters.cache.enabled}'],
          ['cache-paths', '${parameters.cache.paths}'],
          ['max-retries', '${parameters.limits.maxRetries}'],
          ['max-duration-minutes', '${parameters.limits.maxDurationMinutes}'],
          ['endpoints', '${parameters.endpoints}'],
          ['resources', '${parameters.resources}'],
          ['builder-image', 'gcr.io/buildpacks/builder:v1'],
          ['registry-url', 'gcr.io/openchoreo-dev/images'],
          ['security-scan-enabled', 'true'],
          ['build-timeout', '30m'],
          [
            'image-name',
            '${metadata.projectName}-${metadata.componentName}-image',
          ],
          ['image-tag', 'v${parameters.version}'],
        ]),
      },
    ),
    workflow(namespace, 'react', 'Build workflow for React web applications', {
      schema: {
        systemParameters: SYSTEM_PARAMETERS,
        parameters: {
          nodeVersion:
            'string | default="18" enum=16,18,20,22 description="Node.js version to use for building the React application"',
        },
      },
      runTemplate: runTemplate('react', [
        ...common(),
        ['node-version', '${parameters.nodeVersion}'],
        ['image-name', '${metadata.projectName}-${metadata.componentName}'],
        ['image-tag', 'v1'],
      ]),
    }),
    ...gitopsReleaseComponentWorkflows(namespace),
  ];
  for (const wf of list) {
    const extra = options.extraResources?.[wf.metadata.name!];
    if (extra) {
      const spec = wf.spec as Record<string, unknown>;
      spec.resources = [...((spec.resources as unknown[]) ?? []), ...extra];
    }
  }
  return list;
}

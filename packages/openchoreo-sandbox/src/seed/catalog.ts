/**
 * The seeded organizations, projects and components. Exported so the docs,
 * tests and the portal's catalog can rely on the same list.
 */
export interface SeedComponent {
  name: string;
  componentType: string;
  workflow: string;
  appPath: string;
  parameters: Record<string, unknown>;
  /**
   * `spec.autoBuild` (OpenChoreo v0.10+). Absent: the component keeps the v0.9 shape, which has no
   * such field.
   */
  autoBuild?: boolean;
}

export interface SeedOrg {
  org: string;
  project: string;
  buildPlane: string;
  components: SeedComponent[];
}

export const SAMPLE_REPO = 'https://github.com/openchoreo/sample-workloads';

export const SEED_CATALOG: SeedOrg[] = [
  {
    org: 'default',
    project: 'default',
    buildPlane: 'default',
    components: [
      {
        name: 'greeter-service',
        componentType: 'deployment/service',
        workflow: 'docker',
        appPath: '/service-go-greeter',
        parameters: {
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
        },
        autoBuild: true,
      },
      {
        name: 'reading-list-service',
        componentType: 'deployment/service',
        workflow: 'google-cloud-buildpacks',
        appPath: '/service-go-reading-list',
        parameters: { version: 1, testMode: 'unit' },
        autoBuild: false,
      },
    ],
  },
  {
    org: 'acme',
    project: 'online-store',
    buildPlane: 'acme-build-plane',
    components: [
      {
        name: 'react-starter',
        componentType: 'deployment/web-application',
        workflow: 'react',
        appPath: '/webapp-react-nginx',
        parameters: { nodeVersion: '20' },
        autoBuild: true,
      },
      {
        name: 'reading-list-service',
        componentType: 'deployment/service',
        workflow: 'google-cloud-buildpacks',
        appPath: '/service-go-reading-list',
        parameters: { version: 2, testMode: 'integration' },
      },
    ],
  },
  {
    org: 'platform',
    project: 'internal-tools',
    buildPlane: 'platform-build-plane',
    components: [
      {
        name: 'greeter-service',
        componentType: 'deployment/service',
        workflow: 'docker-gitops-release',
        appPath: '/service-go-greeter',
        parameters: {
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
          gitops: {
            repositoryUrl: 'https://github.com/openchoreo/sample-gitops',
            branch: 'main',
            targetEnvironment: 'development',
            deploymentPipeline: 'default',
          },
          workloadDescriptorPath: 'workload.yaml',
        },
      },
    ],
  },
];

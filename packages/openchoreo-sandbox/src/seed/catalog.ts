/**
 * The seeded organizations, projects and components. Exported so the docs,
 * tests and the portal's catalog can rely on the same list.
 */
export interface SeedComponent {
  name: string;
  /** `openchoreo.dev/display-name`: the catalog entity's title. */
  title: string;
  /** `openchoreo.dev/description`. */
  description: string;
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
  projectTitle: string;
  projectDescription: string;
  /**
   * The demo group that owns the project and its components (`examples/org.yaml`), as the label
   * `openchoreo.dev/owner` on the Project: what the catalog entity provider reads for `spec.owner`.
   */
  owner: string;
  buildPlane: string;
  components: SeedComponent[];
}

/**
 * Who owns a seeded Project or Component, for the portal's catalog entity provider (a demo
 * convention the provider's `openchoreo.build.catalog.ownerKey` is configured with; OpenChoreo
 * itself has no owner field).
 */
export const OWNER_LABEL = 'openchoreo.dev/owner';

export const SAMPLE_REPO = 'https://github.com/openchoreo/sample-workloads';

export const SEED_CATALOG: SeedOrg[] = [
  {
    org: 'default',
    project: 'default',
    projectTitle: 'Default project',
    projectDescription: "The default organization's default project",
    owner: 'app-developers',
    buildPlane: 'default',
    components: [
      {
        name: 'greeter-service',
        title: 'Greeter service',
        description: 'A Go greeter service built from its Dockerfile',
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
        title: 'Reading list service',
        description:
          'A reading list service built with Google Cloud Buildpacks',
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
    projectTitle: 'Online store',
    projectDescription: "The acme organization's storefront",
    owner: 'app-developers',
    buildPlane: 'acme-build-plane',
    components: [
      {
        name: 'react-starter',
        title: 'React starter',
        description:
          "A React single-page app, built on acme's directly reached build plane",
        componentType: 'deployment/web-application',
        workflow: 'react',
        appPath: '/webapp-react-nginx',
        parameters: { nodeVersion: '20' },
        autoBuild: true,
      },
      {
        name: 'reading-list-service',
        title: 'Reading list service (acme)',
        description:
          "A reading list service built with Google Cloud Buildpacks on acme's build plane",
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
    projectTitle: 'Internal tools',
    projectDescription:
      "The platform organization's tools, released through GitOps",
    owner: 'platform-team',
    buildPlane: 'platform-build-plane',
    components: [
      {
        name: 'greeter-service',
        title: 'Greeter service (GitOps release)',
        description:
          'A Go greeter service built and released through a GitOps pull request',
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

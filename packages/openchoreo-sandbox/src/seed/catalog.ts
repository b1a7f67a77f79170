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
  /** v0.9 `spec.componentType`; v1.2.3 `spec.componentType.name` (`{workloadType}/{name}`). */
  componentType: string;
  /** v1.2.3 only: `spec.componentType.kind` (default ClusterComponentType). */
  componentTypeKind?: 'ComponentType' | 'ClusterComponentType';
  /** v0.9: the ComponentWorkflow; v1.2.3: `spec.workflow.name`. */
  workflow: string;
  /** v1.2.3 only: `spec.workflow.kind` (default ClusterWorkflow). */
  workflowKind?: 'Workflow' | 'ClusterWorkflow';
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
  /** The API generation the organization's objects are written in (`crds/v1.ts`). */
  generation: 'v0.9' | 'v1';
  project: string;
  projectTitle: string;
  projectDescription: string;
  /**
   * The demo group that owns the project and its components (`examples/org.yaml`), as the label
   * `openchoreo.dev/owner` on the Project: what the catalog entity provider reads for `spec.owner`.
   */
  owner: string;
  /** v0.9: the BuildPlane; v1: the namespaced WorkflowPlane. */
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
    generation: 'v0.9',
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
    generation: 'v0.9',
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
    generation: 'v0.9',
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
  {
    // OpenChoreo v1.2.3: the components of samples/from-source@v1.2.3 (go-docker-greeter,
    // react-starter) and a buildpacks service on the organization's own WorkflowPlane.
    org: 'nova',
    generation: 'v1',
    project: 'storefront',
    projectTitle: 'Storefront',
    projectDescription:
      "The nova organization's storefront, built by OpenChoreo v1.2.3 WorkflowRuns",
    owner: 'app-developers',
    buildPlane: 'default',
    components: [
      {
        name: 'greeting-service',
        title: 'Greeting service (v1)',
        description:
          'A Go greeter service built from its Dockerfile by the ClusterWorkflow dockerfile-builder',
        componentType: 'deployment/service',
        componentTypeKind: 'ClusterComponentType',
        workflow: 'dockerfile-builder',
        workflowKind: 'ClusterWorkflow',
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
        title: 'Reading list service (v1)',
        description:
          "A reading list service built with Paketo Buildpacks by nova's own Workflow on its WorkflowPlane",
        componentType: 'deployment/service',
        componentTypeKind: 'ComponentType',
        workflow: 'paketo-buildpacks',
        workflowKind: 'Workflow',
        appPath: '/service-go-reading-list',
        parameters: {},
        autoBuild: false,
      },
      {
        name: 'react-starter',
        title: 'React starter (v1)',
        description:
          'A React single-page app served by nginx, built with Paketo Buildpacks (ClusterWorkflow)',
        componentType: 'deployment/web-application',
        componentTypeKind: 'ClusterComponentType',
        workflow: 'paketo-buildpacks-builder',
        workflowKind: 'ClusterWorkflow',
        appPath: '/webapp-react-nginx',
        parameters: {
          buildEnv: [
            { name: 'BP_NODE_RUN_SCRIPTS', value: 'build' },
            { name: 'BP_WEB_SERVER', value: 'nginx' },
            { name: 'BP_WEB_SERVER_ROOT', value: 'build' },
            { name: 'BP_WEB_SERVER_ENABLE_PUSH_STATE', value: 'true' },
            { name: 'PORT', value: '80' },
          ],
        },
      },
    ],
  },
];

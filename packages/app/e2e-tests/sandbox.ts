import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import YAML from 'yaml';

/**
 * Direct access to the suite's OpenChoreo sandbox (see playwright.config.ts), for test set-up that a
 * user could not do through the portal, e.g. a build held at realistic speed so it can be cancelled.
 */
export const SANDBOX_DIR =
  process.env.E2E_SANDBOX_DIR ??
  path.resolve(__dirname, '../../../.sandbox/e2e');

interface ControlPlaneEndpoint {
  url: string;
  token: string;
}

interface BuildPlaneEndpoint {
  url: string;
  token: string;
  /** Base64 PEM of the CA of the build plane's TLS certificate. */
  caData: string;
}

function endpoints(): {
  controlPlane: ControlPlaneEndpoint;
  buildPlane: BuildPlaneEndpoint;
} {
  return JSON.parse(
    fs.readFileSync(path.join(SANDBOX_DIR, 'endpoints.json'), 'utf8'),
  );
}

function controlPlane(): ControlPlaneEndpoint {
  return endpoints().controlPlane;
}

/** The namespace of the build plane where the Argo Workflows of organization `default` run. */
const CI_NAMESPACE = 'openchoreo-ci-default';

/** A request to the sandbox build plane's Kubernetes API (HTTPS with the sandbox's own CA). */
function buildPlaneRequest(
  method: string,
  apiPath: string,
  body?: { contentType: string; data: unknown },
): Promise<{ status: number; body: string }> {
  const { url, token, caData } = endpoints().buildPlane;
  const payload = body ? JSON.stringify(body.data) : undefined;
  return new Promise((resolve, reject) => {
    const request = https.request(
      new URL(apiPath, url),
      {
        method,
        ca: Buffer.from(caData, 'base64').toString('utf8'),
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body ? { 'Content-Type': body.contentType } : {}),
        },
      },
      response => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', chunk => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const workflowPath = (runName: string, namespace = CI_NAMESPACE) =>
  `/apis/argoproj.io/v1alpha1/namespaces/${namespace}/workflows/${encodeURIComponent(
    runName,
  )}`;

/**
 * Installs OpenChoreo v0.9's `docker` ClusterWorkflowTemplate on the build plane, as the build-plane
 * Helm chart does on a real cluster (`install/helm/openchoreo-build-plane/templates/workflow-templates/
 * docker.yaml@v0.9.0`, vendored in `fixtures/reference/`; its whole-line Helm directives are
 * dropped). The portal reads it to name the steps of a run whose Workflow has expired. Already
 * installed is fine.
 */
export async function installDockerClusterWorkflowTemplate(): Promise<void> {
  const file = path.resolve(
    __dirname,
    '../../../fixtures/reference/openchoreo/samples-v0.9.0/cluster-workflow-templates/docker.yaml',
  );
  const text = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => !/^\s*\{\{.*\}\}\s*$/.test(line))
    .join('\n');
  const template = YAML.parse(text);
  // `labels:` held only a Helm include.
  if (!template.metadata.labels) delete template.metadata.labels;
  const response = await buildPlaneRequest(
    'POST',
    '/apis/argoproj.io/v1alpha1/clusterworkflowtemplates',
    { contentType: 'application/json', data: template },
  );
  if (response.status !== 201 && response.status !== 409) {
    throw new Error(
      `installing the docker ClusterWorkflowTemplate answered ${response.status}: ${response.body}`,
    );
  }
}

/**
 * Ends a run's Argo Workflow now (`spec.shutdown: Terminate`, what Cancel does), e.g. a held build
 * once a test has seen what it needed while it ran.
 */
export async function terminateWorkflow(
  runName: string,
  namespace = CI_NAMESPACE,
): Promise<void> {
  const response = await buildPlaneRequest(
    'PATCH',
    workflowPath(runName, namespace),
    {
      contentType: 'application/merge-patch+json',
      data: { spec: { shutdown: 'Terminate' } },
    },
  );
  if (response.status !== 200) {
    throw new Error(
      `terminating workflow ${runName} answered ${response.status}: ${response.body}`,
    );
  }
}

/**
 * Whether the run's Argo Workflow or any of its pods still exists in the build plane (both go when
 * the workflow's TTL after completion has passed).
 */
export async function workflowOrPodsExist(
  runName: string,
  namespace = CI_NAMESPACE,
): Promise<boolean> {
  const workflow = await buildPlaneRequest(
    'GET',
    workflowPath(runName, namespace),
  );
  if (workflow.status === 200) return true;
  if (workflow.status !== 404) {
    throw new Error(
      `reading workflow ${runName} answered ${workflow.status}: ${workflow.body}`,
    );
  }
  const selector = encodeURIComponent(
    `workflows.argoproj.io/workflow=${runName}`,
  );
  const pods = await buildPlaneRequest(
    'GET',
    `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`,
  );
  if (pods.status !== 200)
    throw new Error(
      `listing pods of ${runName} answered ${pods.status}: ${pods.body}`,
    );
  return (JSON.parse(pods.body) as { items: unknown[] }).items.length > 0;
}

/**
 * Creates a docker build of default/greeter-service that runs at realistic speed (1–3 minutes)
 * although the sandbox is fast, through the sandbox's `sandbox.openchoreo.dev/speed` annotation.
 * Returns the run's name.
 */
export function createHeldGreeterBuild(): Promise<string> {
  return createGreeterBuild({ 'sandbox.openchoreo.dev/speed': '1' });
}

/**
 * Creates a docker build of default/greeter-service directly in the control plane, as
 * `kubectl create` would (not through the portal). Returns the run's name.
 */
export async function createGreeterBuild(
  annotations: Record<string, string> = {},
  dockerFilePath = '/service-go-greeter/Dockerfile',
  workflowName = 'docker',
): Promise<string> {
  const name = `greeter-service-workflow-${randomBytes(4).toString('hex')}`;
  await createRun({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ComponentWorkflowRun',
    metadata: {
      name,
      namespace: 'default',
      annotations,
    },
    spec: {
      owner: { projectName: 'default', componentName: 'greeter-service' },
      workflow: {
        name: workflowName,
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
            filePath: dockerFilePath,
          },
        },
      },
    },
  });
  return name;
}

/**
 * Creates a build of default/greeter-service with the sandbox's `docker-dag` ComponentWorkflow,
 * whose Argo template is a DAG (clone-step, then build-step and scan-step side by side, then
 * push-step; packages/openchoreo-sandbox/src/seed/dockerDag.ts). Returns the run's name.
 */
export function createGreeterDagBuild(): Promise<string> {
  return createGreeterBuild({}, '/service-go-greeter/Dockerfile', 'docker-dag');
}

/**
 * Creates a docker build of default/greeter-service whose build step fails: its Dockerfile path
 * holds the sandbox's failure hook (`missing-dockerfile`, docs/sandbox.md), so the step prints
 * `Error: no Dockerfile found …` and exits 125. Returns the run's name.
 */
export function createFailingGreeterBuild(): Promise<string> {
  return createGreeterBuild(
    {},
    '/service-go-greeter/missing-dockerfile/Dockerfile',
  );
}

/**
 * Creates a GitOps release build of platform/greeter-service (`docker-gitops-release`, fast: it ends
 * within seconds and its Workflow lives 20 s more). Returns the run's name. Its last step reports the
 * sandbox-emulated `pull-request-url` output.
 */
export async function createGitopsReleaseBuild(): Promise<string> {
  const name = `greeter-service-workflow-${randomBytes(4).toString('hex')}`;
  await createRun({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ComponentWorkflowRun',
    metadata: { name, namespace: 'platform' },
    spec: {
      owner: {
        projectName: 'internal-tools',
        componentName: 'greeter-service',
      },
      workflow: {
        name: 'docker-gitops-release',
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
          gitops: {
            repositoryUrl: 'https://github.com/openchoreo/sample-gitops',
            branch: 'main',
            targetEnvironment: 'development',
            deploymentPipeline: 'default',
          },
          workloadDescriptorPath: 'workload.yaml',
        },
      },
    },
  });
  return name;
}

/** The build namespace of the v1 organization `nova` (`pipeline.go@v1.2.3:211`). */
export const NOVA_WORKFLOWS_NAMESPACE = 'workflows-nova';

/**
 * Creates a v1 WorkflowRun of nova/greeting-service (ClusterWorkflow `dockerfile-builder`) at
 * realistic speed, linked to its component by the two labels as v1.x requires. Returns its name.
 */
export async function createHeldNovaBuild(): Promise<string> {
  const name = `greeting-service-run-${randomBytes(4).toString('hex')}`;
  await createRun(
    {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: {
        name,
        namespace: 'nova',
        labels: {
          'openchoreo.dev/project': 'storefront',
          'openchoreo.dev/component': 'greeting-service',
        },
        annotations: { 'sandbox.openchoreo.dev/speed': '1' },
      },
      spec: {
        workflow: {
          kind: 'ClusterWorkflow',
          name: 'dockerfile-builder',
          parameters: {
            repository: {
              url: 'https://github.com/openchoreo/sample-workloads',
              revision: { branch: 'main' },
              appPath: '/service-go-greeter',
            },
            docker: {
              context: '/service-go-greeter',
              filePath: '/service-go-greeter/Dockerfile',
            },
          },
        },
      },
    },
    'workflowruns',
  );
  return name;
}

/** Whether the control plane still holds a WorkflowRun (v1.x deletes it after `ttlAfterCompletion`). */
export async function workflowRunExists(
  namespace: string,
  name: string,
): Promise<boolean> {
  const { url, token } = controlPlane();
  const response = await fetch(
    `${url}/apis/openchoreo.dev/v1alpha1/namespaces/${namespace}/workflowruns/${encodeURIComponent(
      name,
    )}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  if (response.status === 404) return false;
  if (response.status !== 200)
    throw new Error(
      `reading WorkflowRun ${namespace}/${name} answered ${
        response.status
      }: ${await response.text()}`,
    );
  return true;
}

/** Creates a run (ComponentWorkflowRun, or `workflowruns` for v1) on the sandbox's control plane. */
async function createRun(
  run: {
    metadata: {
      name: string;
      namespace: string;
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
    };
    [field: string]: unknown;
  },
  plural = 'componentworkflowruns',
): Promise<void> {
  const { url, token } = controlPlane();
  const { name, namespace } = run.metadata;
  const response = await fetch(
    `${url}/apis/openchoreo.dev/v1alpha1/namespaces/${namespace}/${plural}`,
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(run),
    },
  );
  if (response.status !== 201) {
    throw new Error(
      `creating ${name} in the sandbox answered ${
        response.status
      }: ${await response.text()}`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Direct access to the suite's OpenChoreo sandbox (see playwright.config.ts), for test set-up that a
 * user could not do through the portal, e.g. a build held at realistic speed so it can be cancelled.
 */
const SANDBOX_DIR =
  process.env.E2E_SANDBOX_DIR ?? path.resolve(__dirname, '../../../.sandbox/e2e');

interface ControlPlaneEndpoint {
  url: string;
  token: string;
}

function controlPlane(): ControlPlaneEndpoint {
  const endpoints = JSON.parse(
    fs.readFileSync(path.join(SANDBOX_DIR, 'endpoints.json'), 'utf8'),
  ) as { controlPlane: ControlPlaneEndpoint };
  return endpoints.controlPlane;
}

/**
 * Creates a docker build of default/greeter-service that runs at realistic speed (1–3 minutes)
 * although the sandbox is fast, through the sandbox's `sandbox.openchoreo.dev/speed` annotation.
 * Returns the run's name.
 */
export async function createHeldGreeterBuild(): Promise<string> {
  const name = `greeter-service-workflow-${randomBytes(4).toString('hex')}`;
  const { url, token } = controlPlane();
  const response = await fetch(
    `${url}/apis/openchoreo.dev/v1alpha1/namespaces/default/componentworkflowruns`,
    {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ComponentWorkflowRun',
        metadata: {
          name,
          namespace: 'default',
          annotations: { 'sandbox.openchoreo.dev/speed': '1' },
        },
        spec: {
          owner: { projectName: 'default', componentName: 'greeter-service' },
          workflow: {
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
          },
        },
      }),
    },
  );
  if (response.status !== 201) {
    throw new Error(`creating ${name} in the sandbox answered ${response.status}: ${await response.text()}`);
  }
  return name;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import http from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { REFERENCE_DIR } from '../reference';
import { startSandbox, Sandbox, SandboxOptions } from '../sandbox';

/**
 * The vendored upstream reference data (`fixtures/reference/` at the repository root; provenance in
 * `fixtures/NOTICE.md`), where the sandbox itself reads it.
 */
export const REFERENCE = REFERENCE_DIR;

export interface Harness {
  sandbox: Sandbox;
  control: KubeConfig;
  controlReadOnly: KubeConfig;
  build: KubeConfig;
  close(): Promise<void>;
}

/** Starts a sandbox on free ports (fast, temp state dir) with client-node configs from its kubeconfigs. */
export async function startHarness(
  options: SandboxOptions = {},
): Promise<Harness> {
  const stateDir = mkdtempSync(join(tmpdir(), 'oc-sandbox-'));
  const sandbox = await startSandbox({
    portBase: 0,
    speed: 'fast',
    seed: false,
    stateDir,
    ...options,
  });
  const control = new KubeConfig();
  control.loadFromFile(sandbox.endpoints.controlPlane.kubeconfigPath);
  const controlReadOnly = new KubeConfig();
  controlReadOnly.loadFromFile(sandbox.endpoints.controlPlane.kubeconfigPath);
  controlReadOnly.setCurrentContext(`${control.getCurrentContext()}-readonly`);
  const build = new KubeConfig();
  build.loadFromFile(sandbox.endpoints.buildPlane.kubeconfigPath);
  return {
    sandbox,
    control,
    controlReadOnly,
    build,
    close: async () => {
      await sandbox.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP(S) request (tests of status codes and headers the clients hide). */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    ca?: string;
    cert?: string;
    key?: string;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        agent: false,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function pem(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

export const GROUP = 'openchoreo.dev';
export const VERSION = 'v1alpha1';

export function runBody(
  name: string,
  overrides: {
    workflow?: string;
    appPath?: string;
    commit?: string;
    annotations?: Record<string, string>;
    parameters?: Record<string, unknown>;
  } = {},
) {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ComponentWorkflowRun',
    metadata: { name, annotations: overrides.annotations },
    spec: {
      owner: { projectName: 'default', componentName: 'greeter-service' },
      workflow: {
        name: overrides.workflow ?? 'docker',
        systemParameters: {
          repository: {
            url: 'https://github.com/openchoreo/sample-workloads',
            revision: {
              branch: 'main',
              ...(overrides.commit ? { commit: overrides.commit } : {}),
            },
            appPath: overrides.appPath ?? '/service-go-greeter',
          },
        },
        parameters: overrides.parameters ?? {
          docker: {
            context: '/service-go-greeter',
            filePath: '/service-go-greeter/Dockerfile',
          },
        },
      },
    },
  };
}

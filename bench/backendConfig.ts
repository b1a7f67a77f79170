import type { Sandbox } from './stepFixtures';

/**
 * The root config of a bench backend (bench/backend.ts) against an in-process sandbox: its
 * organizations `namespaces`, the sandbox's control plane, cluster gateway and observer, and
 * `build` settings on top (limits, permissions). `extra` adds root keys (e.g. `backend`).
 */
export function benchBackendConfig(
  sandbox: Sandbox,
  namespaces: string[],
  build: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
  return {
    ...extra,
    openchoreo: {
      build: {
        namespaces,
        // The sandbox's planes name plain-http observers.
        allowInsecureBuildPlanes: true,
        controlPlane: { url: controlPlane.url, token: controlPlane.token },
        clusterGateway: {
          url: clusterGateway.url,
          caData: clusterGateway.caData,
          clientCert: clusterGateway.clientCertData,
          clientKey: clusterGateway.clientKeyData,
        },
        observer: {
          url: observer.url,
          username: observer.username,
          password: observer.password,
        },
        logs: { pollIntervalMs: 500 },
        ...build,
      },
    },
  };
}

import type { JsonObject } from '@backstage/types';
import type { startSandbox } from '@openchoreo-build/sandbox';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * The plugin's configuration for a test backend on an in-process sandbox: the sandbox's three
 * organizations, its control plane, cluster gateway and observer, and a 1 s event heartbeat.
 * `extra` keys go into `openchoreo.build` next to them.
 */
export function sandboxPluginConfig(
  sandbox: Sandbox,
  extra: JsonObject = {},
): JsonObject {
  const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
  return {
    openchoreo: {
      build: {
        namespaces: ['default', 'acme', 'platform'],
        controlPlane: { url: controlPlane.url, token: controlPlane.token },
        clusterGateway: {
          url: clusterGateway.url,
          caData: clusterGateway.caData,
          clientCert: clusterGateway.clientCertData,
          clientKey: clusterGateway.clientKeyData,
        },
        // As the sandbox's backstage.json has it: the observer's auth (a JWT by default, as the
        // v0.9 observer wants) with the client credentials of the sandbox's token issuer.
        observer: { url: observer.url, auth: { ...observer.auth } },
        events: { heartbeatSeconds: 1 },
        ...extra,
      },
    },
  };
}

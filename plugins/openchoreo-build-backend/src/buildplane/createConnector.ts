import { KubeConfig } from '@kubernetes/client-node';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import { toBase64Pem, type ClusterGatewayConfig } from '../config/pluginConfig';
import { KubernetesClient, kubeConfigFor } from '../kubernetes/KubernetesClient';
import { KubernetesBuildPlaneConnector, type BuildPlaneConnector } from './BuildPlaneConnector';
import type { ConnectionPlan } from './connectionPlan';
import { SecretValueResolver } from './credentials';

export interface ConnectorEnvironment {
  controlPlane: KubernetesClient;
  clusterGateway?: ClusterGatewayConfig;
  timeoutMs: number;
}

const KUBECONFIG_KEYS = ['kubeconfig', 'config', 'value'];

/** The gateway route of an agent-mode plane; client-node appends `/apis/...` to it. */
export function gatewayServerUrl(gatewayUrl: string, planeID: string, namespace: string, name: string): string {
  const base = gatewayUrl.replace(/\/+$/, '');
  const seg = encodeURIComponent;
  return `${base}/api/proxy/buildplane/${seg(planeID)}/${seg(namespace)}/${seg(name)}/k8s`;
}

/**
 * Builds the connector for one BuildPlane according to its plan. Secret-referenced credentials are
 * read from the control plane here, so a connector holds everything it needs.
 */
export async function createConnector(
  bp: BuildPlane,
  plan: ConnectionPlan,
  env: ConnectorEnvironment,
): Promise<BuildPlaneConnector> {
  const namespace = bp.metadata?.namespace ?? '';
  const name = bp.metadata?.name ?? '';
  const ref = `${namespace}/${name}`;
  const cluster = bp.spec?.kubernetesCluster;
  const secrets = new SecretValueResolver(env.controlPlane, namespace, `build plane ${ref}`);
  const make = (kc: KubeConfig, how: string) =>
    new KubernetesBuildPlaneConnector(
      namespace,
      name,
      plan.mode,
      new KubernetesClient(kc, `build plane ${ref} (${how})`, env.timeoutMs),
    );

  switch (plan.mode) {
    case 'agent': {
      const gateway = env.clusterGateway;
      if (!gateway?.url) {
        throw new ServiceUnavailableError(
          `build plane ${ref} is reached through the cluster agent, but openchoreo.build.clusterGateway.url is not configured`,
        );
      }
      const kc = kubeConfigFor({
        server: gatewayServerUrl(gateway.url, plan.planeID ?? name, namespace, name),
        caData: toBase64Pem(gateway.caData),
        certData: toBase64Pem(gateway.clientCert),
        keyData: toBase64Pem(gateway.clientKey),
      });
      return make(kc, 'via cluster gateway');
    }
    case 'kubeconfig': {
      const clusterRef = cluster?.clusterRef;
      if (!clusterRef?.name) {
        throw new ServiceUnavailableError(`build plane ${ref}: kubernetesCluster.clusterRef has no name`);
      }
      const secretNs = clusterRef.namespace || namespace;
      const secret = await env.controlPlane.findSecret(secretNs, clusterRef.name);
      if (!secret) {
        throw new ServiceUnavailableError(
          `build plane ${ref}: kubeconfig Secret ${secretNs}/${clusterRef.name} (clusterRef) does not exist in the control plane`,
        );
      }
      const data = secret.data ?? {};
      const keys = Object.keys(data);
      const key = clusterRef.key ?? KUBECONFIG_KEYS.find(k => k in data) ?? (keys.length === 1 ? keys[0] : undefined);
      if (!key || !data[key]) {
        throw new ServiceUnavailableError(
          `build plane ${ref}: Secret ${secretNs}/${clusterRef.name} holds no kubeconfig (looked for ${KUBECONFIG_KEYS.join(', ')})`,
        );
      }
      const kc = new KubeConfig();
      try {
        kc.loadFromString(Buffer.from(data[key], 'base64').toString('utf8'));
      } catch (error) {
        throw new ServiceUnavailableError(
          `build plane ${ref}: the kubeconfig in Secret ${secretNs}/${clusterRef.name} cannot be read (${(isError(error) ? error.message : String(error)).split('\n')[0]})`,
        );
      }
      if (!kc.getCurrentCluster()) {
        throw new ServiceUnavailableError(`build plane ${ref}: the kubeconfig in Secret ${secretNs}/${clusterRef.name} has no current cluster`);
      }
      return make(kc, 'kubeconfig');
    }
    case 'direct': {
      if (cluster?.credentials) {
        const c = cluster.credentials;
        const kc = kubeConfigFor({
          server: c.apiServerURL,
          caData: toBase64Pem(c.caCert),
          certData: toBase64Pem(c.clientCert),
          keyData: toBase64Pem(c.clientKey),
        });
        return make(kc, 'direct');
      }
      const [ca, token, clientCert, clientKey] = await Promise.all([
        secrets.resolve(cluster?.tls?.ca, 'spec.kubernetesCluster.tls.ca'),
        secrets.resolve(cluster?.auth?.bearerToken, 'spec.kubernetesCluster.auth.bearerToken'),
        secrets.resolve(cluster?.auth?.mtls?.clientCert, 'spec.kubernetesCluster.auth.mtls.clientCert'),
        secrets.resolve(cluster?.auth?.mtls?.clientKey, 'spec.kubernetesCluster.auth.mtls.clientKey'),
      ]);
      const kc = kubeConfigFor({
        server: cluster?.server ?? '',
        caData: toBase64Pem(ca),
        skipTLSVerify: cluster?.tls?.insecureSkipVerify,
        token: token?.trim(),
        certData: toBase64Pem(clientCert),
        keyData: toBase64Pem(clientKey),
      });
      return make(kc, 'direct');
    }
    default:
      throw new ServiceUnavailableError(`build plane ${ref} cannot be reached: ${plan.problems.join('; ')}`);
  }
}

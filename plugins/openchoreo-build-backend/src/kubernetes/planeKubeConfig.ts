import type { KubeConfig } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Refuses a KubeConfig built from cluster data (a BuildPlane, a Secret) whose users or clusters
 * would make client-node act on the backend's own machine: `exec` and `auth-provider` (gcp/azure
 * `cmd-path`) run commands, `tokenFile` and the `*File` paths read local files and send them to
 * the plane's server, `proxy-url` reroutes the credentials, `username`/`password` and impersonation
 * are not a BuildPlane credential shape. Only inline server/CA/token/client-certificate data may
 * come from input. The control plane's own kubeconfig (operator config) is not checked.
 */
export function assertPlaneKubeConfig(kc: KubeConfig, label: string): void {
  const forbidden: string[] = [];
  for (const user of kc.users) {
    if (user.exec) forbidden.push(`user ${user.name}: exec`);
    if (user.authProvider) {
      // client-node types auth-provider as `any`; read only the two fields the message names.
      const provider: { name?: unknown; config?: { tokenFile?: unknown } } =
        user.authProvider;
      const kind = typeof provider.name === 'string' ? ` ${provider.name}` : '';
      const tokenFile = provider.config?.tokenFile ? ' (tokenFile)' : '';
      forbidden.push(`user ${user.name}: auth-provider${kind}${tokenFile}`);
    }
    if (user.certFile || user.keyFile)
      forbidden.push(
        `user ${user.name}: client-certificate/client-key file paths`,
      );
    if (user.username || user.password)
      forbidden.push(`user ${user.name}: username/password`);
    if (user.impersonateUser)
      forbidden.push(`user ${user.name}: impersonation`);
  }
  for (const cluster of kc.clusters) {
    if (cluster.caFile)
      forbidden.push(
        `cluster ${cluster.name}: certificate-authority file path`,
      );
    if (cluster.proxyUrl) forbidden.push(`cluster ${cluster.name}: proxy-url`);
  }
  if (forbidden.length > 0) {
    throw new ServiceUnavailableError(
      `${label}: refused a connection configuration that would run commands or read local files on the backend (${forbidden.join(
        '; ',
      )})`,
    );
  }
}

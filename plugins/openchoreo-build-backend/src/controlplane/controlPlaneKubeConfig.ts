import { KubeConfig } from '@kubernetes/client-node';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import { toBase64Pem, type ControlPlaneConfig } from '../config/pluginConfig';
import { kubeConfigFor } from '../kubernetes/KubernetesClient';

/**
 * Builds the control-plane KubeConfig from `openchoreo.build.controlPlane`, in this order:
 * an explicit `url` (+ token / token file / CA), a `kubeconfig` file, `inCluster`, else the
 * default kubeconfig discovery of client-node (KUBECONFIG, ~/.kube/config, in-cluster).
 */
export function buildControlPlaneKubeConfig(
  config: ControlPlaneConfig,
): KubeConfig {
  if (config.url) {
    return kubeConfigFor({
      server: config.url,
      caData: toBase64Pem(config.caData),
      skipTLSVerify: config.skipTLSVerify,
      token: config.token,
      tokenFile: config.token ? undefined : config.serviceAccountTokenFile,
    });
  }
  const kc = new KubeConfig();
  try {
    if (config.kubeconfig) {
      kc.loadFromFile(config.kubeconfig);
    } else if (config.inCluster) {
      kc.loadFromCluster();
    } else {
      kc.loadFromDefault();
    }
  } catch (error) {
    throw new ServiceUnavailableError(
      `The control plane connection is misconfigured: ${
        isError(error) ? error.message : String(error)
      }`,
    );
  }
  if (config.skipTLSVerify) {
    const cluster = kc.getCurrentCluster();
    if (cluster) {
      kc.clusters = kc.clusters.map(c =>
        c.name === cluster.name ? { ...c, skipTLSVerify: true } : c,
      );
    }
  }
  return kc;
}

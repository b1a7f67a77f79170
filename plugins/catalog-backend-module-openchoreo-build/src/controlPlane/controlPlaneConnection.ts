import { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '@backstage/config';
import { InputError, isError } from '@backstage/errors';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  REQUEST_TIMEOUT_RANGE,
  wholeNumberRefusal,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** How the provider reaches one control plane. */
export interface ControlPlaneConnection {
  kubeConfig: KubeConfig;
  /** The API server's URL: names the provider's location (`openchoreo-build:<url>`) and log lines. */
  url: string;
  /** Per-request timeout of lists (watches stay open). */
  requestTimeoutMs: number;
}

/** PEM text or base64 PEM → base64 PEM, the form client-node takes as `caData`. */
function toBase64Pem(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return Buffer.from(`${trimmed}\n`, 'utf8').toString('base64');
  }
  return trimmed.replace(/\s+/g, '');
}

/**
 * The control plane of `openchoreo.build.controlPlane`, read exactly as the backend plugin reads it
 * (`plugins/openchoreo-build-backend/src/controlplane/controlPlaneKubeConfig.ts`, which that
 * package does not export): an explicit `url` (+ token / token file / CA), else a `kubeconfig`
 * file, else `inCluster`, else client-node's default discovery.
 */
export function readControlPlaneConnection(
  root: Config,
): ControlPlaneConnection {
  const cp = root.getOptionalConfig('openchoreo.build.controlPlane');
  const url = cp?.getOptionalString('url');
  const token = cp?.getOptionalString('token');
  const skipTLSVerify = cp?.getOptionalBoolean('skipTLSVerify') ?? false;
  const requestTimeoutMs = readRequestTimeoutMs(cp);
  const kc = new KubeConfig();
  if (url) {
    const tokenFile = token
      ? undefined
      : cp?.getOptionalString('serviceAccountTokenFile');
    kc.loadFromOptions({
      clusters: [
        {
          name: 'control-plane',
          server: url.replace(/\/+$/, ''),
          caData: toBase64Pem(cp?.getOptionalString('caData')),
          // client-node refuses credentials over plain http unless this is set (the sandbox is http).
          skipTLSVerify: skipTLSVerify || url.startsWith('http://'),
        },
      ],
      users: [
        {
          name: 'provider',
          token,
          authProvider: tokenFile
            ? { name: 'tokenFile', config: { tokenFile } }
            : undefined,
        },
      ],
      contexts: [
        { name: 'provider', cluster: 'control-plane', user: 'provider' },
      ],
      currentContext: 'provider',
    });
  } else {
    try {
      const kubeconfig = cp?.getOptionalString('kubeconfig');
      if (kubeconfig) kc.loadFromFile(kubeconfig);
      else if (cp?.getOptionalBoolean('inCluster')) kc.loadFromCluster();
      else kc.loadFromDefault();
    } catch (error) {
      throw new InputError(
        `openchoreo.build.controlPlane: cannot load the control plane connection: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  }
  const current = kc.getCurrentCluster();
  if (!url && skipTLSVerify && current) {
    kc.clusters = kc.clusters.map(c =>
      c.name === current.name ? { ...c, skipTLSVerify: true } : c,
    );
  }
  const server = current?.server;
  if (!server) {
    throw new InputError(
      'openchoreo.build.controlPlane: no API server found; set url (with token), kubeconfig or inCluster',
    );
  }
  return { kubeConfig: kc, url: server, requestTimeoutMs };
}

/** `requestTimeoutMs`, under the same rule as the backend plugin's (refused at start-up when out of range). */
function readRequestTimeoutMs(cp: Config | undefined): number {
  const value = cp?.getOptionalNumber('requestTimeoutMs');
  if (value === undefined) return DEFAULT_REQUEST_TIMEOUT_MS;
  const refusal = wholeNumberRefusal(
    'openchoreo.build.controlPlane.requestTimeoutMs',
    value,
    REQUEST_TIMEOUT_RANGE,
  );
  if (refusal) throw new InputError(refusal);
  return value;
}

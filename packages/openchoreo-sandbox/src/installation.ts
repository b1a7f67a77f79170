import type { KObject } from './apiserver/types';
import { b64, SandboxPki } from './tls/ca';

/** Where the build-plane chart runs the cluster agent (`install/add-build-plane.sh@v0.9.0` reads it there). */
export const AGENT_NAMESPACE = 'openchoreo-build-plane';

/**
 * The cluster agent's client certificate, as cert-manager writes it for the build-plane chart's
 * `Certificate` (`install/helm/openchoreo-build-plane/templates/cluster-agent/certificate.yaml@v0.9.0`:
 * secret `clusterAgent.tls.secretName` = `cluster-agent-tls`, `usages: [client auth]`, organization
 * `OpenChoreo`). The BuildPlane API reference tells platform engineers to copy its `ca.crt` into the
 * BuildPlane's `clientCA`; the sandbox's agent uses this very certificate.
 */
export function clusterAgentTlsSecret(pki: SandboxPki): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'cluster-agent-tls',
      namespace: AGENT_NAMESPACE,
      annotations: {
        'cert-manager.io/certificate-name': 'cluster-agent-tls',
        'cert-manager.io/issuer-kind': 'Issuer',
        'cert-manager.io/issuer-name': 'cluster-agent-selfsigned-issuer',
      },
    },
    type: 'kubernetes.io/tls',
    data: {
      'ca.crt': b64(pki.ca.certPem),
      'tls.crt': b64(pki.client.certPem),
      'tls.key': b64(pki.client.keyPem),
    },
  };
}

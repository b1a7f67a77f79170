import type { KubeConfig } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  BuildPlane,
  WorkflowPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { toBase64Pem, type ClusterGatewayConfig } from '../config/pluginConfig';
import {
  KubernetesClient,
  kubeConfigFor,
} from '../kubernetes/KubernetesClient';
import { assertPlaneKubeConfig } from '../kubernetes/planeKubeConfig';
import {
  KubernetesBuildPlaneConnector,
  type BuildPlaneConnector,
} from './BuildPlaneConnector';
import type {
  ConnectionPlan,
  GatewayRoute,
  WorkflowPlaneKind,
} from './connectionPlan';
import { SecretValueResolver, type SecretSource } from './credentials';
import {
  planeIdRefusal,
  refused,
  skipVerifyRefusal,
  urlRefusal,
  type PlanePolicy,
} from './planePolicy';

export interface ConnectorEnvironment {
  controlPlane: KubernetesClient;
  clusterGateway?: ClusterGatewayConfig;
  timeoutMs: number;
  policy: PlanePolicy;
  /** Told when the plane refuses the connector's credentials (they may have been rotated). */
  onCredentialsRejected?: () => void;
}

/** A connector and the control-plane Secrets its credentials came from. */
export interface BuiltConnector {
  connector: BuildPlaneConnector;
  secrets: SecretSource[];
}

/**
 * The gateway route of an agent-mode plane in the form its generation's gateway reads (see
 * `GatewayRoute`); client-node appends `/apis/...` to it.
 */
export function gatewayServerUrl(
  gatewayUrl: string,
  route: GatewayRoute,
): string {
  const root = `${gatewayUrl.replace(/\/+$/, '')}/api/proxy`;
  const seg = encodeURIComponent;
  if (route.form === 'planeName')
    return `${root}/buildplane/${seg(route.planeName)}/k8s`;
  if (route.form === 'workflowPlane') {
    // `_cluster` stands for a cluster-scoped CR's namespace (`server.go@v1.2.3:35`).
    return `${root}/workflowplane/${seg(route.planeID)}/${seg(
      route.namespace || '_cluster',
    )}/${seg(route.name)}/k8s`;
  }
  return `${root}/buildplane/${seg(route.planeID)}/${seg(
    route.namespace,
  )}/${seg(route.name)}/k8s`;
}

/**
 * Builds the connector for one BuildPlane according to its plan. Secret-referenced credentials are
 * read from the control plane here, so a connector holds everything it needs. Everything taken
 * from the BuildPlane is checked first (URL scheme, TLS verification, planeID), so a refused plane
 * causes no Secret read and no request.
 */
export async function buildConnector(
  bp: BuildPlane,
  plan: ConnectionPlan,
  env: ConnectorEnvironment,
): Promise<BuiltConnector> {
  const namespace = bp.metadata?.namespace ?? '';
  const name = bp.metadata?.name ?? '';
  const label = `build plane ${namespace}/${name}`;
  const cluster = bp.spec?.kubernetesCluster;
  const secrets = new SecretValueResolver(env.controlPlane, namespace, label);
  const check = (reason: string | undefined) => {
    if (reason) throw refused(label, reason);
  };
  const make = (kc: KubeConfig, how: string): BuiltConnector => {
    // Defense in depth: whatever built kc, nothing from input may make client-node run commands or read files.
    assertPlaneKubeConfig(kc, label);
    const client = new KubernetesClient(
      kc,
      `${label} (${how})`,
      env.timeoutMs,
      {
        onCredentialsRejected: env.onCredentialsRejected,
      },
    );
    return {
      connector: new KubernetesBuildPlaneConnector(
        namespace,
        name,
        plan.mode,
        client,
      ),
      secrets: secrets.sources,
    };
  };

  switch (plan.mode) {
    case 'agent':
      return gatewayConnector(label, namespace, name, plan, env);
    case 'direct': {
      if (cluster?.credentials) {
        const c = cluster.credentials;
        check(
          urlRefusal(
            c.apiServerURL,
            'spec.kubernetesCluster.credentials.apiServerURL',
            env.policy,
          ),
        );
        const kc = kubeConfigFor({
          server: c.apiServerURL,
          caData: toBase64Pem(c.caCert),
          certData: toBase64Pem(c.clientCert),
          keyData: toBase64Pem(c.clientKey),
        });
        return make(kc, 'direct');
      }
      check(
        urlRefusal(
          cluster?.server ?? '',
          'spec.kubernetesCluster.server',
          env.policy,
        ),
      );
      check(
        skipVerifyRefusal(
          cluster?.tls?.insecureSkipVerify,
          'spec.kubernetesCluster.tls.insecureSkipVerify',
          env.policy,
        ),
      );
      const [ca, token, clientCert, clientKey] = await Promise.all([
        secrets.resolve(cluster?.tls?.ca, 'spec.kubernetesCluster.tls.ca'),
        secrets.resolve(
          cluster?.auth?.bearerToken,
          'spec.kubernetesCluster.auth.bearerToken',
        ),
        secrets.resolve(
          cluster?.auth?.mtls?.clientCert,
          'spec.kubernetesCluster.auth.mtls.clientCert',
        ),
        secrets.resolve(
          cluster?.auth?.mtls?.clientKey,
          'spec.kubernetesCluster.auth.mtls.clientKey',
        ),
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
      throw new ServiceUnavailableError(
        `${label} cannot be reached: ${plan.problems.join('; ')}`,
      );
  }
}

/**
 * The connector for agent-mode planes of every generation: a client of the cluster gateway's
 * route for the plane. The gateway's client certificate is configuration, so no Secret is read.
 */
function gatewayConnector(
  label: string,
  namespace: string,
  name: string,
  plan: ConnectionPlan,
  env: ConnectorEnvironment,
): BuiltConnector {
  const gateway = env.clusterGateway;
  if (!gateway?.url) {
    throw new ServiceUnavailableError(
      `${label} is reached through the cluster agent, but openchoreo.build.clusterGateway.url is not configured`,
    );
  }
  const route = plan.gatewayRoute;
  if (!route) {
    throw new ServiceUnavailableError(
      `${label} is reached through the cluster agent, but its plan names no gateway route`,
    );
  }
  const planeID = route.form === 'planeName' ? route.planeName : route.planeID;
  const refusal = planeIdRefusal(planeID);
  if (refusal) throw refused(label, refusal);
  const kc = kubeConfigFor({
    server: gatewayServerUrl(gateway.url, route),
    caData: toBase64Pem(gateway.caData),
    certData: toBase64Pem(gateway.clientCert),
    keyData: toBase64Pem(gateway.clientKey),
  });
  // Defense in depth: whatever built kc, nothing from input may make client-node run commands or read files.
  assertPlaneKubeConfig(kc, label);
  const client = new KubernetesClient(
    kc,
    `${label} (via cluster gateway)`,
    env.timeoutMs,
    { onCredentialsRejected: env.onCredentialsRejected },
  );
  return {
    connector: new KubernetesBuildPlaneConnector(
      namespace,
      name,
      plan.mode,
      client,
    ),
    secrets: [],
  };
}

/** How a v1.x plane is named in messages: `workflow plane acme/default`, `cluster workflow plane default`. */
export function workflowPlaneLabel(
  plane: WorkflowPlane,
  kind: WorkflowPlaneKind,
): string {
  const name = plane.metadata?.name ?? '';
  return kind === 'ClusterWorkflowPlane'
    ? `cluster workflow plane ${name}`
    : `workflow plane ${plane.metadata?.namespace ?? ''}/${name}`;
}

/**
 * The connector for a v1.x WorkflowPlane / ClusterWorkflowPlane: agent mode only, through the
 * gateway's `workflowplane` route (see `planWorkflowPlaneConnection`). The connector's namespace is
 * empty for a ClusterWorkflowPlane.
 */
export function buildWorkflowPlaneConnector(
  plane: WorkflowPlane,
  kind: WorkflowPlaneKind,
  plan: ConnectionPlan,
  env: ConnectorEnvironment,
): BuiltConnector {
  const label = workflowPlaneLabel(plane, kind);
  if (plan.mode !== 'agent') {
    throw new ServiceUnavailableError(
      `${label} cannot be reached: ${plan.problems.join('; ')}`,
    );
  }
  const namespace =
    kind === 'ClusterWorkflowPlane' ? '' : plane.metadata?.namespace ?? '';
  return gatewayConnector(
    label,
    namespace,
    plane.metadata?.name ?? '',
    plan,
    env,
  );
}

/** `buildConnector` without the Secret versions, for callers that do not cache. */
export async function createConnector(
  bp: BuildPlane,
  plan: ConnectionPlan,
  env: ConnectorEnvironment,
): Promise<BuildPlaneConnector> {
  return (await buildConnector(bp, plan, env)).connector;
}

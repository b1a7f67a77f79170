import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

/**
 * Observer credentials: `jwt` = an OAuth2 client-credentials grant at `tokenUrl`, the token sent
 * as `Authorization: Bearer` (the observer checks its signature, `iss`, `aud` = `audience`, `exp`).
 */
export type ObserverAuthEndpoint =
  | {
      type: 'jwt';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      audience: string;
    }
  | { type: 'basic'; username: string; password: string }
  | { type: 'none' };

/** How to reach the sandbox; `endpoints.json` holds exactly this. */
export interface SandboxEndpoints {
  controlPlane: {
    url: string;
    token: string;
    readOnlyToken: string;
    kubeconfigPath: string;
  };
  buildPlane: {
    url: string;
    token: string;
    readOnlyToken: string;
    caData: string;
    kubeconfigPath: string;
  };
  clusterGateway: {
    url: string;
    caData: string;
    clientCertData: string;
    clientKeyData: string;
  };
  observer: {
    url: string;
    /** How to authenticate to the observer, by the sandbox's `observerAuth` mode. */
    auth: ObserverAuthEndpoint;
    /**
     * @deprecated use `auth` (`{type: 'basic'}` in basic mode). The observer checks these only
     * in basic mode; kept while clients still read them.
     */
    username: string;
    /** @deprecated see `username`. */
    password: string;
  };
  /**
   * The auto-build webhook secrets, generated at start and held in the control plane's Secret
   * `secretNamespace/secretName` (keys `github-secret`, `gitlab-secret`, `bitbucket-secret`), as
   * OpenChoreo's installation keeps them; clients sign test deliveries with them.
   */
  webhooks: {
    secretNamespace: string;
    secretName: string;
    githubSecret: string;
    gitlabSecret: string;
    bitbucketSecret: string;
  };
}

interface KubeconfigInput {
  name: string;
  server: string;
  caData: string;
  adminToken: string;
  readOnlyToken: string;
  namespace: string;
  clientCertData?: string;
  clientKeyData?: string;
}

/**
 * A kubeconfig with an admin context (current), a read-only context and,
 * when client certificate data is given, an mTLS context.
 */
export function kubeconfig(k: KubeconfigInput): string {
  const users: object[] = [
    { name: `${k.name}-admin`, user: { token: k.adminToken } },
    { name: `${k.name}-viewer`, user: { token: k.readOnlyToken } },
  ];
  const contexts: object[] = [
    {
      name: k.name,
      context: {
        cluster: k.name,
        user: `${k.name}-admin`,
        namespace: k.namespace,
      },
    },
    {
      name: `${k.name}-readonly`,
      context: {
        cluster: k.name,
        user: `${k.name}-viewer`,
        namespace: k.namespace,
      },
    },
  ];
  if (k.clientCertData && k.clientKeyData) {
    users.push({
      name: `${k.name}-agent`,
      user: {
        'client-certificate-data': k.clientCertData,
        'client-key-data': k.clientKeyData,
      },
    });
    contexts.push({
      name: `${k.name}-mtls`,
      context: {
        cluster: k.name,
        user: `${k.name}-agent`,
        namespace: k.namespace,
      },
    });
  }
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: k.name,
        cluster: { server: k.server, 'certificate-authority-data': k.caData },
      },
    ],
    users,
    contexts,
    'current-context': k.name,
    preferences: {},
  });
}

export function writeState(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), content, { mode: 0o600 });
}

/**
 * The `openchoreo.build` connection settings a Backstage backend needs to use this sandbox; the
 * portal's app-config.yaml includes them from `<stateDir>/backstage.json`, because the tokens and
 * certificates change at every start. The control plane is given by its TLS side so the backend
 * verifies it with the sandbox CA, as it would a real cluster.
 */
export function backstageConfig(
  endpoints: SandboxEndpoints,
  controlPlaneTlsUrl: string,
  caData: string,
): object {
  return {
    controlPlane: {
      url: controlPlaneTlsUrl,
      token: endpoints.controlPlane.token,
      caData,
    },
    clusterGateway: {
      url: endpoints.clusterGateway.url,
      caData: endpoints.clusterGateway.caData,
      clientCert: endpoints.clusterGateway.clientCertData,
      clientKey: endpoints.clusterGateway.clientKeyData,
    },
    observer: { url: endpoints.observer.url, auth: endpoints.observer.auth },
  };
}

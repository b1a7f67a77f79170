import type {
  ArgoWorkflow,
  BuildPlaneCapabilities,
  BuildPlaneMode,
  ExternalSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';

/**
 * One way into one build plane. Callers never care whether it is direct credentials, a kubeconfig
 * Secret or the cluster gateway: they check `capabilities` for watch/follow support.
 */
export interface BuildPlaneConnector {
  readonly namespace: string;
  readonly name: string;
  readonly mode: BuildPlaneMode;
  /** e.g. "build plane acme/acme-build-plane (direct)"; used in error messages. */
  readonly label: string;
  readonly capabilities: BuildPlaneCapabilities;
  /** The Kubernetes API of the plane (through the gateway in agent mode), for pods and logs. */
  readonly kubernetes: KubernetesClient;
  /** The run's Argo Workflow; undefined when it does not exist (e.g. deleted by its TTL). */
  findWorkflow(
    namespace: string,
    name: string,
  ): Promise<ArgoWorkflow | undefined>;
  /** Sets `spec.shutdown: Terminate`, Argo's documented way to stop a workflow. */
  terminateWorkflow(namespace: string, name: string): Promise<ArgoWorkflow>;
  listExternalSecrets(namespace: string): Promise<ExternalSecret[]>;
  secretExists(namespace: string, name: string): Promise<boolean>;
  /** Authenticated request to the plane's API; throws a mapped error when it fails. */
  probe(): Promise<void>;
}

/** The connector for every mode: they differ only in how their KubernetesClient was configured. */
export class KubernetesBuildPlaneConnector implements BuildPlaneConnector {
  constructor(
    readonly namespace: string,
    readonly name: string,
    readonly mode: BuildPlaneMode,
    readonly kubernetes: KubernetesClient,
  ) {}

  get label(): string {
    return this.kubernetes.target;
  }

  get capabilities(): BuildPlaneCapabilities {
    // The gateway tunnels buffered JSON only: watch=true and follow=true answer 501 there.
    const streaming = this.mode !== 'agent';
    return { watch: streaming, followLogs: streaming };
  }

  findWorkflow(namespace: string, name: string) {
    return this.kubernetes.find<ArgoWorkflow>(
      RESOURCE_TYPES.argoWorkflow,
      namespace,
      name,
    );
  }

  terminateWorkflow(namespace: string, name: string) {
    return this.kubernetes.mergePatch<ArgoWorkflow>(
      RESOURCE_TYPES.argoWorkflow,
      namespace,
      name,
      {
        spec: { shutdown: 'Terminate' },
      },
    );
  }

  async listExternalSecrets(namespace: string) {
    const list = await this.kubernetes.list<ExternalSecret>(
      RESOURCE_TYPES.externalSecret,
      namespace,
    );
    return list.items;
  }

  async secretExists(namespace: string, name: string) {
    return (await this.kubernetes.findSecret(namespace, name)) !== undefined;
  }

  probe() {
    return this.kubernetes.probe();
  }
}

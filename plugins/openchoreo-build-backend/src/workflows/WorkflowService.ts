import type {
  ComponentWorkflow,
  ComponentWorkflowListResponse,
  ComponentWorkflowSummary,
  ExternalSecret,
  RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ciNamespaceFor } from '../controlplane/resourceTypes';
import {
  readExternalSecretFailures,
  type ExternalSecretFailures,
  type ReadExternalSecretFailures,
} from './externalSecretFailures';
import {
  requiredSecretsOf,
  secretReadiness,
  workflowSchemas,
} from './workflowModel';

/** Serves `/workflows`: schemas from the shorthand and the readiness of the secrets they need. */
export class WorkflowService {
  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    private readonly logger: LoggerService,
    /** Which key a store lacks, from the operator's events (a fake in tests). */
    private readonly readFailures: ReadExternalSecretFailures = readExternalSecretFailures,
  ) {}

  async list(namespaces: string[]): Promise<ComponentWorkflowListResponse> {
    const perNamespace = await Promise.all(
      namespaces.map(ns => this.listNamespace(ns)),
    );
    return { items: perNamespace.flat() };
  }

  private async listNamespace(
    namespace: string,
  ): Promise<ComponentWorkflowSummary[]> {
    const workflows = await this.controlPlane.listComponentWorkflows(namespace);
    const needed = workflows.flatMap(wf => requiredSecretsOf(wf, namespace));
    const lookup =
      needed.length > 0 ? await this.secretLookup(namespace) : undefined;
    return Promise.all(
      workflows.map(wf => this.summarize(wf, namespace, lookup)),
    );
  }

  /** What the org's build plane holds in openchoreo-ci-<org>; an error leaves readiness Unknown. */
  private async secretLookup(namespace: string): Promise<
    | {
        connector: BuildPlaneConnector;
        externalSecrets: ExternalSecret[];
        failures: ExternalSecretFailures;
      }
    | { error: string }
  > {
    try {
      const connector = await this.registry.activeConnector(namespace);
      const ciNamespace = ciNamespaceFor(namespace);
      const externalSecrets = await connector.listExternalSecrets(ciNamespace);
      const failing = externalSecrets.some(es =>
        es.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'False',
        ),
      );
      // Only the events say which key is missing; a plane that will not show them leaves it unsaid.
      const failures = failing
        ? await this.readFailures(connector, ciNamespace).catch(error => {
            this.logger.debug(
              `ExternalSecret events in ${ciNamespace} unavailable: ${
                isError(error) ? error.message : String(error)
              }`,
            );
            return new Map<string, string[]>();
          })
        : new Map<string, string[]>();
      return { connector, externalSecrets, failures };
    } catch (error) {
      const message = isError(error) ? error.message : String(error);
      this.logger.warn(
        `Secret readiness for ${namespace} unavailable: ${message}`,
      );
      return { error: message };
    }
  }

  private async summarize(
    wf: ComponentWorkflow,
    namespace: string,
    lookup: Awaited<ReturnType<WorkflowService['secretLookup']>> | undefined,
  ): Promise<ComponentWorkflowSummary> {
    const { systemParametersSchema, parametersSchema, warnings } =
      workflowSchemas(wf);
    const secrets: RequiredSecret[] = [];
    for (const secret of requiredSecretsOf(wf, namespace)) {
      if (!lookup || 'error' in lookup) {
        secrets.push({ ...secret, status: 'Unknown', message: lookup?.error });
        continue;
      }
      const existing = new Set<string>();
      for (const name of new Set([secret.targetSecretName, secret.name])) {
        if (
          name &&
          (await lookup.connector
            .secretExists(secret.namespace, name)
            .catch(() => false))
        ) {
          existing.add(name);
        }
      }
      secrets.push({
        ...secret,
        ...secretReadiness(
          secret,
          lookup.externalSecrets,
          existing,
          lookup.failures,
        ),
      });
    }
    const annotations = wf.metadata?.annotations ?? {};
    const runTemplate = wf.spec?.runTemplate as
      | {
          apiVersion?: string;
          kind?: string;
          spec?: {
            workflowTemplateRef?: { name?: string; clusterScope?: boolean };
          };
        }
      | undefined;
    return {
      namespace,
      name: wf.metadata?.name ?? '',
      generation: 'v0',
      kind: 'ComponentWorkflow',
      displayName: annotations['openchoreo.dev/display-name'],
      description: annotations['openchoreo.dev/description'],
      createdAt: wf.metadata?.creationTimestamp,
      systemParametersSchema,
      parametersSchema,
      schemaWarnings: warnings,
      runTemplate: {
        apiVersion: runTemplate?.apiVersion,
        kind: runTemplate?.kind,
        workflowTemplateRef: runTemplate?.spec?.workflowTemplateRef,
      },
      secrets,
      ready: secrets.every(s => s.status === 'Ready'),
    };
  }
}

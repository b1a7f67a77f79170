import type {
  ExternalSecret,
  RequiredSecret,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type {
  ExternalSecretFailures,
  ReadExternalSecretFailures,
} from './externalSecretFailures';
import { secretReadiness, type DeclaredSecret } from './workflowModel';

/** What a plane holds in the namespace a workflow's secrets are created in; an error leaves readiness Unknown. */
export type SecretLookup =
  | {
      connector: BuildPlaneConnector;
      externalSecrets: ExternalSecret[];
      failures: ExternalSecretFailures;
    }
  | { error: string };

const message = (error: unknown) =>
  isError(error) ? error.message : String(error);

/**
 * Reads, from the plane a workflow's runs execute on, what decides the readiness of the secrets it
 * declares: the ExternalSecrets of the namespace and, only when one is failing, the operator's
 * `UpdateFailed` events (which name the key a store lacks). Shared by v0 (`openchoreo-ci-<org>`
 * on the org's BuildPlane) and v1 (`workflows-<org>` on the workflow's plane).
 */
export class PlaneSecretReader {
  constructor(
    private readonly logger: LoggerService,
    private readonly readFailures: ReadExternalSecretFailures,
  ) {}

  /** `subject` names what is checked, for the log line when the plane cannot be asked. */
  async lookup(
    connect: () => Promise<BuildPlaneConnector>,
    namespace: string,
    subject: string,
  ): Promise<SecretLookup> {
    try {
      const connector = await connect();
      const externalSecrets = await connector.listExternalSecrets(namespace);
      const failing = externalSecrets.some(es =>
        es.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'False',
        ),
      );
      // Only the events say which key is missing; a plane that will not show them leaves it unsaid.
      const failures = failing
        ? await this.readFailures(connector, namespace).catch(error => {
            this.logger.debug(
              `ExternalSecret events in ${namespace} unavailable: ${message(
                error,
              )}`,
            );
            return new Map<string, string[]>();
          })
        : new Map<string, string[]>();
      return { connector, externalSecrets, failures };
    } catch (error) {
      this.logger.warn(
        `Secret readiness for ${subject} unavailable: ${message(error)}`,
      );
      return { error: message(error) };
    }
  }

  /** Each declared secret with its readiness under `lookup` (Unknown, with the reason, when it failed). */
  async readiness(
    declared: DeclaredSecret[],
    lookup: SecretLookup | undefined,
  ): Promise<RequiredSecret[]> {
    const secrets: RequiredSecret[] = [];
    for (const secret of declared) {
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
    return secrets;
  }
}

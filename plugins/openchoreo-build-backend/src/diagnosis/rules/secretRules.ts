import {
  isSucceededRunStatus,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, ExternalSecretFacts } from '../facts';
import { quote } from '../quote';
import { secretStoreFix } from './guidePatterns';
import { templateKindOf } from './planeText';

function notReady(
  secret: ExternalSecretFacts,
  facts: DiagnosisFacts,
): RunDiagnosis {
  const synced = secret.reason === 'SecretSyncedError';
  const target = secret.targetSecret ?? secret.name;
  const because = secret.message ? `: "${quote(secret.message)}"` : '';
  return {
    id: 'external-secret-not-ready',
    severity: 'error',
    title: synced
      ? `Secret ${target} is missing: ExternalSecret ${secret.name} could not sync it`
      : `ExternalSecret ${secret.name} is not Ready`,
    detail: `ExternalSecret ${secret.namespace}/${secret.name}${
      secret.source === 'workflow'
        ? `, rendered from the run's ${templateKindOf(facts.run)},`
        : ''
    } reports Ready=False${
      secret.reason ? ` (${secret.reason})` : ''
    }${because}. The steps that use ${target} cannot start or fail without it.`,
    fix: secretStoreFix(
      secret.namespace,
      secret.failure ?? secret.message,
      secret.storeRef,
    ),
  };
}

function missing(secret: ExternalSecretFacts): RunDiagnosis {
  return {
    id: 'external-secret-missing',
    severity: 'error',
    title: `ExternalSecret ${secret.name} does not exist`,
    detail: `The run's status.resources lists ExternalSecret ${
      secret.namespace
    }/${secret.name}, but the build plane does not have it, so the Secret ${
      secret.targetSecret ?? secret.name
    } it should produce is missing too.`,
    fix: `Check that the External Secrets Operator is installed in the build plane and that nothing deletes the run's resources; starting the build again renders them anew. ${secretStoreFix(
      secret.namespace,
    )}`,
  };
}

/**
 * ExternalSecrets of the run that are not Ready or are gone. OpenChoreo renders the
 * ComponentWorkflow's `spec.resources` into the Workflow's namespace and records them in
 * `status.resources` (internal/controller/componentworkflowrun/controller.go@v0.9.0:225-232, 333);
 * v1 renders the (Cluster)Workflow's the same way into `workflows-<ns>`
 * (internal/pipeline/workflow/pipeline.go@v1.2.3:115-140);
 * the External Secrets Operator sets `Ready=False` with reason `SecretSyncedError` when the store
 * lacks a key, and then never creates the Secret the steps mount.
 */
export function secretRules(facts: DiagnosisFacts): RunDiagnosis[] {
  if (isSucceededRunStatus(facts.run.status)) return [];
  return facts.externalSecrets.flatMap(secret => {
    if (secret.state === 'NotReady') return [notReady(secret, facts)];
    if (secret.state === 'Missing') return [missing(secret)];
    return [];
  });
}

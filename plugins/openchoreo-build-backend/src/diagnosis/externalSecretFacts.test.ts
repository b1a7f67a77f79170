import type {
  ComponentWorkflow,
  ExternalSecret,
  Workflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import {
  externalSecretFacts,
  externalSecretNamespaces,
  renderMetadataName,
} from './externalSecretFacts';

const context = {
  orgName: 'default',
  projectName: 'default',
  componentName: 'greeter-service',
  workflowRunName: 'greeter-service-workflow-0000aaaa',
};

/** The v0.9 sample whose ExternalSecret is named `${metadata.workflowRunName}-registry-push-secret`. */
const privateRegistry = loadReferenceYaml<ComponentWorkflow>(
  referencePath(
    'openchoreo/samples-v0.9.0/component-workflows/with-private-registry/external-secrets/component-workflow-with-es.yaml',
  ),
).find(doc => doc.kind === 'ComponentWorkflow')!;

function es(
  name: string,
  ready?: { status: string; reason?: string; message?: string },
): ExternalSecret {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'openchoreo-ci-default' },
    spec: { target: { name: 'registry-push-secret' } },
    status: ready ? { conditions: [{ type: 'Ready', ...ready }] } : undefined,
  };
}

describe('renderMetadataName', () => {
  it('renders ${metadata.*} and refuses anything else', () => {
    expect(
      renderMetadataName('${metadata.workflowRunName}-git-secret', context),
    ).toBe('greeter-service-workflow-0000aaaa-git-secret');
    expect(
      renderMetadataName('openchoreo-ci-${metadata.orgName}', context),
    ).toBe('openchoreo-ci-default');
    expect(
      renderMetadataName('${parameters.secretName}', context),
    ).toBeUndefined();
    expect(
      renderMetadataName('${metadata.unknown}-x', context),
    ).toBeUndefined();
  });
});

describe('externalSecretFacts', () => {
  const base = {
    context,
    workflowNamespace: 'openchoreo-ci-default',
    resources: [],
  };

  it('finds the ExternalSecret the upstream sample renders for this run', () => {
    const facts = externalSecretFacts({
      ...base,
      workflow: privateRegistry,
      listed: [
        es('greeter-service-workflow-0000aaaa-registry-push-secret', {
          status: 'False',
          reason: 'SecretSyncedError',
          message: 'key not found',
        }),
        // Another run's: not this run's business.
        es('other-run-registry-push-secret', { status: 'False' }),
      ],
    });
    expect(facts).toEqual([
      {
        name: 'greeter-service-workflow-0000aaaa-registry-push-secret',
        namespace: 'openchoreo-ci-default',
        source: 'workflow',
        state: 'NotReady',
        reason: 'SecretSyncedError',
        message: 'key not found',
        targetSecret: 'registry-push-secret',
      },
    ]);
  });

  it('does not report a rendered one that does not exist yet, nor one without a verdict', () => {
    expect(
      externalSecretFacts({ ...base, workflow: privateRegistry, listed: [] }),
    ).toEqual([]);
    expect(
      externalSecretFacts({
        ...base,
        workflow: privateRegistry,
        listed: [es('greeter-service-workflow-0000aaaa-registry-push-secret')],
      }),
    ).toEqual([]);
  });

  it('reports one of status.resources that is gone, and does not list it twice', () => {
    const facts = externalSecretFacts({
      ...base,
      resources: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          name: 'greeter-service-workflow-0000aaaa-registry-push-secret',
          namespace: 'openchoreo-ci-default',
        },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm' },
      ],
      workflow: privateRegistry,
      listed: [],
    });
    expect(facts).toEqual([
      {
        name: 'greeter-service-workflow-0000aaaa-registry-push-secret',
        namespace: 'openchoreo-ci-default',
        source: 'run',
        state: 'Missing',
      },
    ]);
  });
});

describe('externalSecretFacts (v1 Workflow)', () => {
  /** The v1.2.3 sample: `${metadata.workflowRunName}-registry-push-secret` in `${metadata.namespace}`. */
  const dockerfileBuilder = loadReferenceYaml<Workflow>(
    referencePath(
      'openchoreo/samples-v1.2.3/ci-workflows/dockerfile-builder.yaml',
    ),
  ).find(doc => doc.kind === 'ClusterWorkflow')!;
  const v1Context = {
    namespaceName: 'nova',
    workflowRunName: 'greeter-build-abc12',
    namespace: 'workflows-nova',
  };

  it('renders the sample’s ExternalSecret into the enforced workflows-<ns> namespace', () => {
    const input = {
      context: v1Context,
      workflowNamespace: 'workflows-nova',
      enforcedNamespace: 'workflows-nova',
      resources: [],
      workflow: dockerfileBuilder,
    };
    expect(externalSecretNamespaces(input)).toEqual(['workflows-nova']);
    const facts = externalSecretFacts({
      ...input,
      listed: [
        {
          ...es('greeter-build-abc12-registry-push-secret', {
            status: 'False',
            reason: 'SecretSyncedError',
          }),
          metadata: {
            name: 'greeter-build-abc12-registry-push-secret',
            namespace: 'workflows-nova',
          },
        },
      ],
    });
    expect(facts).toEqual([
      expect.objectContaining({
        name: 'greeter-build-abc12-registry-push-secret',
        namespace: 'workflows-nova',
        source: 'workflow',
        state: 'NotReady',
      }),
    ]);
  });

  it('puts a resource into the enforced namespace whatever its template says', () => {
    const workflow = {
      spec: {
        resources: [
          {
            id: 'x',
            template: {
              kind: 'ExternalSecret',
              metadata: {
                name: '${metadata.workflowRunName}-x',
                namespace: 'elsewhere',
              },
            },
          },
        ],
      },
    };
    expect(
      externalSecretNamespaces({
        context: v1Context,
        workflowNamespace: 'workflows-nova',
        enforcedNamespace: 'workflows-nova',
        resources: [],
        workflow,
      }),
    ).toEqual(['workflows-nova']);
  });
});

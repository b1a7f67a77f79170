import { sampleWorkflow } from '../__testUtils__/runController';
import { runBody } from '../__testUtils__/harness';
import { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import { ensurePrerequisites } from './prerequisites';
import { RenderError, renderRun } from './renderRun';

const run = (overrides: Parameters<typeof runBody>[1] = {}): KObject => {
  const body = runBody('greeter-service-workflow-12345678', overrides);
  return {
    ...body,
    metadata: { ...body.metadata, namespace: 'acme', uid: 'run-uid' },
  };
};

const TRACKING = {
  'openchoreo.dev/componentworkflowrun': 'greeter-service-workflow-12345678',
  'openchoreo.dev/componentworkflowrun-namespace': 'acme',
  'openchoreo.dev/managed-by': 'componentworkflowrun-controller',
};

const args = (wf: KObject): Record<string, unknown> =>
  Object.fromEntries(
    (
      wf.spec as {
        arguments: { parameters: Array<{ name: string; value: unknown }> };
      }
    ).arguments.parameters.map(p => [p.name, p.value]),
  );

describe('renderRun (pipeline.go@v0.9.0, controller.go@v0.9.0:268-359)', () => {
  it('puts the Workflow where the runTemplate renders it, with the three tracking labels', () => {
    const out = renderRun(run(), sampleWorkflow('acme', 'docker'), 60);
    expect(out.namespace).toBe('openchoreo-ci-acme');
    expect(out.serviceAccountName).toBe('workflow-sa');
    expect(out.workflow.metadata).toMatchObject({
      name: 'greeter-service-workflow-12345678',
      namespace: 'openchoreo-ci-acme',
      labels: TRACKING,
    });
  });

  it('labels every rendered resource and keeps the namespace it renders', () => {
    const out = renderRun(
      run({ workflow: 'docker-gitops-release' }),
      sampleWorkflow('acme', 'docker-gitops-release'),
      60,
    );
    expect(out.resources.map(r => r.metadata)).toEqual([
      expect.objectContaining({
        name: 'greeter-service-workflow-12345678-source-git-secret',
        namespace: 'openchoreo-ci-acme',
        labels: TRACKING,
      }),
      expect.objectContaining({
        name: 'greeter-service-workflow-12345678-gitops-git-secret',
        labels: TRACKING,
      }),
    ]);
  });

  it('gives systemParameters no defaults, but fills parameters from the schema', () => {
    const r = run({ parameters: {} });
    const repo = (
      r.spec as {
        workflow: { systemParameters: { repository: Record<string, unknown> } };
      }
    ).workflow.systemParameters.repository;
    delete repo.appPath; // the schema says `default=.`; upstream ignores it
    const out = renderRun(r, sampleWorkflow('acme', 'docker'), 60);
    expect(args(out.workflow)).toMatchObject({
      'app-path': '',
      commit: '',
      branch: 'main',
      'docker-context': '.',
      'dockerfile-path': './Dockerfile',
    });
  });

  it('renders a whole-expression value with its own type and stringifies Argo parameter values', () => {
    const cwf = sampleWorkflow('acme', 'docker');
    const spec = cwf.spec as {
      runTemplate: { spec: { arguments: { parameters: unknown[] } } };
    };
    spec.runTemplate.spec.arguments.parameters.push(
      { name: 'as-object', value: '${parameters.docker}' },
      { name: 'count', value: 3 },
    );
    const out = renderRun(run(), cwf, 60);
    expect(args(out.workflow)).toMatchObject({
      'as-object': JSON.stringify({
        context: '/service-go-greeter',
        filePath: '/service-go-greeter/Dockerfile',
      }),
      count: '3',
    });
  });

  it('refuses a runTemplate without a namespace or a service account, saying what to set', () => {
    const noNamespace = sampleWorkflow('acme', 'docker');
    delete (
      noNamespace.spec as { runTemplate: { metadata: Record<string, unknown> } }
    ).runTemplate.metadata.namespace;
    expect(() => renderRun(run(), noNamespace, 60)).toThrow(
      new RenderError(
        'namespace not found in rendered resource metadata (set runTemplate metadata.namespace, e.g. openchoreo-ci-${metadata.orgName})',
      ),
    );
    const noAccount = sampleWorkflow('acme', 'docker');
    delete (
      noAccount.spec as { runTemplate: { spec: Record<string, unknown> } }
    ).runTemplate.spec.serviceAccountName;
    expect(() => renderRun(run(), noAccount, 60)).toThrow(
      /serviceAccountName not found in rendered resource spec/,
    );
  });
});

describe('ensurePrerequisites (run_engine.go@v0.9.0)', () => {
  const NS = 'openchoreo-ci-acme';
  const RBAC = 'rbac.authorization.k8s.io/v1';

  it('creates the namespace and the service account, once; no Role or RoleBinding where RBAC is not served', () => {
    const build = new Cluster('build');
    ensurePrerequisites(build, NS, 'workflow-sa');
    ensurePrerequisites(build, NS, 'workflow-sa');
    expect(build.get('v1', 'namespaces', undefined, NS)).toBeDefined();
    expect(build.get('v1', 'serviceaccounts', NS, 'workflow-sa')).toBeDefined();
    expect(build.registry.byKind(RBAC, 'Role')).toBeUndefined();
  });

  it('adds the Role <sa>-role for workflowtaskresults and its RoleBinding where RBAC is served', () => {
    const build = new Cluster('build');
    for (const [plural, kind] of [
      ['roles', 'Role'],
      ['rolebindings', 'RoleBinding'],
    ])
      build.registry.add({
        group: 'rbac.authorization.k8s.io',
        plural,
        singular: kind.toLowerCase(),
        kind,
        listKind: `${kind}List`,
        namespaced: true,
        shortNames: [],
        categories: [],
        versions: [{ name: 'v1', storage: true }],
        statusSubresource: false,
      });
    ensurePrerequisites(build, NS, 'workflow-sa');
    expect(build.get(RBAC, 'roles', NS, 'workflow-sa-role')).toMatchObject({
      rules: [
        {
          apiGroups: ['argoproj.io'],
          resources: ['workflowtaskresults'],
          verbs: ['create', 'get', 'list', 'watch', 'update', 'patch'],
        },
      ],
    });
    expect(
      build.get(RBAC, 'rolebindings', NS, 'workflow-sa-role-binding'),
    ).toMatchObject({
      subjects: [
        { kind: 'ServiceAccount', name: 'workflow-sa', namespace: NS },
      ],
      roleRef: { kind: 'Role', name: 'workflow-sa-role' },
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { CoreV1Api, CustomObjectsApi, V1Pod } from '@kubernetes/client-node';
import {
  Harness,
  REFERENCE,
  runBody,
  startHarness,
} from '../../__testUtils__/harness';
import { ArgoWorkflow } from '../../__testUtils__/types';
import type { KObject } from '../../apiserver/types';
import { resolveSteps } from './steps';

jest.setTimeout(90000);

/**
 * The GitOps guide's build-and-release workflows
 * (`samples/gitops-workflows/component-workflows/build-and-release/*@v0.12.0`), seeded with their
 * ClusterWorkflowTemplates and run by the emulated controllers as the templates lay them out.
 */
const SAMPLES = join(
  REFERENCE,
  'openchoreo/samples-v0.12.0-gitops/component-workflows/build-and-release',
);
const CWFT = 'clusterworkflowtemplates';
const ARGO = 'argoproj.io/v1alpha1';
const NS = 'openchoreo-ci-default';

interface TemplateFile {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    entrypoint: string;
    templates: Array<{
      name: string;
      steps?: Array<Array<{ name: string; template: string }>>;
      outputs?: {
        parameters: Array<{ name: string; valueFrom?: { path: string } }>;
      };
    }>;
    volumes: Array<{ name: string; secret?: { secretName: string } }>;
  };
}

/** The vendored template file, parsed here (not through the sandbox's loader). */
function vendored(flavour: string): TemplateFile {
  return YAML.parse(
    readFileSync(
      join(SAMPLES, flavour, `${flavour}-gitops-release-template.yaml`),
      'utf8',
    ),
  );
}

/** The entrypoint's steps in order: [step name, template name]. */
function stepOrder(template: TemplateFile): Array<[string, string]> {
  const entry = template.spec.templates.find(
    t => t.name === template.spec.entrypoint,
  )!;
  return entry.steps!.flat().map(s => [s.name, s.template]);
}

const GITOPS = {
  branch: 'main',
  targetEnvironment: 'development',
  deploymentPipeline: 'default',
};

/** One run per flavour, with the parameters its ComponentWorkflow's schema asks for. */
const CASES: Array<{
  flavour: string;
  appPath: string;
  repositoryUrl: string;
  parameters: Record<string, unknown>;
}> = [
  {
    flavour: 'docker',
    appPath: '/service-go-greeter',
    repositoryUrl: 'https://github.com/openchoreo/sample-gitops',
    parameters: {
      docker: {
        context: '/service-go-greeter',
        filePath: '/service-go-greeter/Dockerfile',
      },
    },
  },
  {
    flavour: 'google-cloud-buildpacks',
    appPath: '/service-go-reading-list',
    repositoryUrl: 'https://github.com/acme/platform-gitops',
    parameters: {
      buildpacks: { builderImage: 'gcr.io/buildpacks/builder:v1' },
    },
  },
  {
    flavour: 'react',
    appPath: '/webapp-react-nginx',
    // `gh pr create` names the repository without `.git`.
    repositoryUrl: 'https://github.com/acme/web-gitops.git',
    parameters: { react: { nodeVersion: '20' } },
  },
];

describe('GitOps build-and-release workflows (v0.12.0 samples)', () => {
  let h: Harness;
  let core: CoreV1Api;
  let bp: CustomObjectsApi;

  beforeAll(async () => {
    h = await startHarness({ seed: true });
    core = h.build.makeApiClient(CoreV1Api);
    bp = h.build.makeApiClient(CustomObjectsApi);
  });
  afterAll(() => h.close());

  it.each(CASES.map(c => c.flavour))(
    'seeds the %s-gitops-release ClusterWorkflowTemplate exactly as vendored',
    async flavour => {
      const seeded: KObject = await bp.getClusterCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: CWFT,
        name: `${flavour}-gitops-release`,
      });
      const expected = vendored(flavour);
      expect(seeded.spec).toEqual(expected.spec);
      expect(seeded.metadata.annotations).toBeUndefined();
      expect([seeded.apiVersion, seeded.kind, seeded.metadata.name]).toEqual([
        expected.apiVersion,
        expected.kind,
        expected.metadata.name,
      ]);
      // Upstream's last step declares no output: the emulated pull-request-url is the executor's.
      expect(
        expected.spec.templates.find(t => t.name === 'git-commit-push-pr')
          ?.outputs,
      ).toBeUndefined();
    },
  );

  it('resolves the steps of a Workflow from the referenced template, the catalogue only without one', () => {
    const workflow = (templateName: string): KObject => ({
      apiVersion: ARGO,
      kind: 'Workflow',
      metadata: { name: 'w', namespace: NS },
      spec: { workflowTemplateRef: { clusterScope: true, name: templateName } },
    });
    const react = resolveSteps(
      h.sandbox.buildPlane,
      workflow('react-gitops-release'),
    );
    expect(react.entrypoint).toBe('build-and-release-workflow');
    expect(react.groups.map(g => g.map(s => [s.name, s.template]))).toEqual(
      stepOrder(vendored('react')).map(step => [step]),
    );
    expect(react.source?.volumes).toEqual(vendored('react').spec.volumes);
    // A step's arguments come along (they feed the node's inputs).
    expect(
      react.groups.flat().find(s => s.name === 'generate-gitops-resources')
        ?.arguments,
    ).toContainEqual({
      name: 'container-image',
      value: '{{steps.push-image.outputs.parameters.image}}',
    });
    const missing = resolveSteps(
      h.sandbox.buildPlane,
      workflow('not-installed'),
    );
    expect(missing.source).toBeUndefined();
    expect(missing.groups.flat().map(s => s.template)).toEqual([
      'clone-step',
      'build-step',
      'push-step',
      'workload-create-step',
    ]);
  });

  it.each(CASES)(
    'runs $flavour-gitops-release: the template steps in order, declared outputs, a pull request URL and the template secret volumes',
    async ({ flavour, appPath, repositoryUrl, parameters }) => {
      const name = `greeter-${flavour}-release-1`;
      await h.sandbox.controlPlane.create(
        {
          ...runBody(name, {
            workflow: `${flavour}-gitops-release`,
            appPath,
            parameters: {
              ...parameters,
              gitops: { ...GITOPS, repositoryUrl },
            },
          }),
          metadata: { name, namespace: 'default' },
        },
        'componentworkflowruns',
      );
      await h.sandbox.waitForRunCondition('default', name, 'WorkflowSucceeded');
      const wf: ArgoWorkflow = await bp.getNamespacedCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'workflows',
        namespace: NS,
        name,
      });
      const group = (nodeName: string) =>
        Number(/\[(\d+)\]\.[^.]+$/.exec(nodeName)![1]);
      const pods = Object.values(wf.status?.nodes ?? {})
        .filter(n => n.type === 'Pod')
        .sort((a, b) => group(a.name) - group(b.name));
      const order = stepOrder(vendored(flavour));
      expect(pods.map(n => [n.displayName, n.templateName])).toEqual(order);
      expect(pods.map(n => n.phase)).toEqual(order.map(() => 'Succeeded'));

      // Outputs exactly as the template declares them (git-commit-push-pr: the emulated one).
      const outputs = Object.fromEntries(
        pods.map(n => [
          n.templateName,
          (n.outputs?.parameters ?? []).map(p => p.name),
        ]),
      );
      const declared = Object.fromEntries(
        vendored(flavour)
          .spec.templates.filter(t => !t.steps)
          .map(t => [t.name, (t.outputs?.parameters ?? []).map(p => p.name)]),
      );
      declared['git-commit-push-pr'] = ['pull-request-url'];
      expect(outputs).toEqual(declared);
      const output = (template: string, param: string) =>
        pods
          .find(n => n.templateName === template)
          ?.outputs?.parameters.find(p => p.name === param);
      const pr = output('git-commit-push-pr', 'pull-request-url');
      const repository = repositoryUrl.replace(/\.git$/, '');
      expect(pr?.value).toMatch(
        new RegExp(`^${repository.replace(/[./]/g, '\\$&')}/pull/\\d+$`),
      );
      expect(pr).toMatchObject({
        valueFrom: { path: '/tmp/pull-request-url.txt' },
      });
      expect(output('create-feature-branch', 'branch-name')?.value).toMatch(
        /^release\/greeter-service-\d{8}-\d{6}$/,
      );
      const image = output('push-image', 'image')?.value;
      expect(image).toMatch(
        /^host\.k3d\.internal:10082\/default-greeter-service-image:v1-[0-9a-f]{8}$/,
      );
      // Later steps receive earlier outputs as their template arguments say.
      const generate = pods.find(
        n => n.templateName === 'generate-gitops-resources',
      );
      expect(generate?.inputs?.parameters).toEqual([
        {
          name: 'git-revision',
          value: output('clone-source', 'git-revision')?.value,
        },
        { name: 'container-image', value: image },
        {
          name: 'descriptor-content',
          value: output('extract-descriptor', 'descriptor-content')?.value,
        },
      ]);

      // The step's log prints the URL, as `gh pr create` does.
      const podOf = (template: string): V1Pod | undefined =>
        h.sandbox.buildPlane
          .list('v1', 'pods', NS)
          .find(p => p.metadata.name!.startsWith(`${name}-${template}-`)) as
          | V1Pod
          | undefined;
      const log = await core.readNamespacedPodLog({
        namespace: NS,
        name: podOf('git-commit-push-pr')!.metadata!.name!,
        container: 'main',
      });
      expect(log.split('\n')).toContain(pr?.value);
      expect(log).toContain('Pull request created successfully');

      // Secret volumes as the template's `volumes` name them, from the per-run ExternalSecrets.
      const secretVolumes = (template: string) =>
        (podOf(template)?.spec?.volumes ?? []).map(v => [
          v.name,
          v.secret?.secretName,
        ]);
      expect(secretVolumes('clone-source')).toEqual([
        ['source-git-credentials', `${name}-source-git-secret`],
      ]);
      for (const template of ['clone-gitops', 'git-commit-push-pr'])
        expect(secretVolumes(template)).toEqual([
          ['gitops-git-credentials', `${name}-gitops-git-secret`],
        ]);
      expect(secretVolumes('push-image')).toEqual([]);
    },
  );

  it('reports the emulated pull-request-url for the upstream template run as is (as after kubectl apply -f of the guide’s file)', async () => {
    // The upstream template as vendored, run as a Workflow's own templates.
    const name = 'upstream-docker-release';
    for (const secret of ['src-git', 'gitops-git'])
      h.sandbox.buildPlane.create(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: secret, namespace: NS },
          data: { 'git-token': Buffer.from('t').toString('base64') },
        },
        'secrets',
      );
    const params: Record<string, string> = {
      'component-name': 'greeter-service',
      'project-name': 'default',
      'git-repo': 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      'app-path': '/service-go-greeter',
      'gitops-repo-url': 'https://github.com/openchoreo/sample-gitops',
      'gitops-branch': 'main',
      'source-git-secret': 'src-git',
      'gitops-git-secret': 'gitops-git',
    };
    h.sandbox.buildPlane.create(
      {
        apiVersion: ARGO,
        kind: 'Workflow',
        metadata: { name, namespace: NS },
        spec: {
          ...vendored('docker').spec,
          arguments: {
            parameters: Object.entries(params).map(([n, value]) => ({
              name: n,
              value,
            })),
          },
        },
      },
      'workflows',
    );
    const done = (await h.sandbox.waitForObject(
      h.sandbox.buildPlane,
      ARGO,
      'workflows',
      NS,
      name,
      wf =>
        (wf?.status as { phase?: string } | undefined)?.phase === 'Succeeded',
    )) as ArgoWorkflow;
    const pr = Object.values(done.status?.nodes ?? {}).find(
      n => n.templateName === 'git-commit-push-pr',
    );
    expect(pr?.phase).toBe('Succeeded');
    expect(pr?.outputs?.parameters).toEqual([
      {
        name: 'pull-request-url',
        value: expect.stringMatching(
          /^https:\/\/github\.com\/openchoreo\/sample-gitops\/pull\/\d+$/,
        ),
        valueFrom: { path: '/tmp/pull-request-url.txt' },
      },
    ]);
    const log = await core.readNamespacedPodLog({
      namespace: NS,
      name: h.sandbox.buildPlane
        .list('v1', 'pods', NS)
        .find(p => p.metadata.name!.startsWith(`${name}-git-commit-push-pr-`))!
        .metadata.name!,
      container: 'main',
    });
    expect(log).toMatch(
      /^https:\/\/github\.com\/openchoreo\/sample-gitops\/pull\/\d+$/m,
    );
  });
});

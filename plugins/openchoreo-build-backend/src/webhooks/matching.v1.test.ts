import type {
  ComponentV1,
  JsonValue,
  Workflow,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { loadReferenceYaml, referencePath } from '../__testUtils__/reference';
import { candidateOfV1, schemaDefaultAt } from './componentRepository';
import { runRequestOf } from './deliveryRuns';
import { matchComponents, type MatchOptions } from './matching';
import type { ParsedEvent } from './pushEvents';

// The upstream sample ClusterWorkflow and its Component (samples/…@v1.2.3, vendored): the
// repository sits at `repository.url`, `repository.revision.{branch,commit}`, `repository.appPath`,
// marked `x-openchoreo-component-parameter-repository-*`; the branch field defaults to `main`.
const [DOCKERFILE_BUILDER] = loadReferenceYaml<Workflow>(
  referencePath(
    'openchoreo',
    'samples-v1.2.3',
    'ci-workflows',
    'dockerfile-builder.yaml',
  ),
);
const [GREETING_SERVICE] = loadReferenceYaml<ComponentV1>(
  referencePath(
    'openchoreo',
    'samples-v1.2.3',
    'from-source',
    'greeting-service.yaml',
  ),
);
const SAMPLE_REPOSITORY = GREETING_SERVICE.spec!.workflow!.parameters!
  .repository as { [key: string]: JsonValue };
const REPO = 'https://github.com/openchoreo/sample-workloads';
const COMMIT = 'b'.repeat(40);

/**
 * A node of the Workflow's OpenAPI v3 parameter schema as these tests edit it: JSON Schema
 * keywords and `x-openchoreo-*` extensions, and the properties of an object.
 */
interface SchemaNode {
  properties: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

/** The sample Component with autoBuild on and its repository parameters replaced by `repository`. */
function greeting(
  repository: { [key: string]: JsonValue },
  name = 'greeting-service',
): ComponentV1 {
  const component = structuredClone(GREETING_SERVICE);
  component.metadata = { ...component.metadata, name };
  component.spec = {
    ...component.spec,
    autoBuild: true,
    workflow: {
      ...component.spec!.workflow!,
      parameters: { ...component.spec!.workflow!.parameters, repository },
    },
  };
  return component;
}

/** The sample ClusterWorkflow with `edit` applied to its repository properties. */
function builderWith(
  edit: (repositoryProperties: Record<string, SchemaNode>) => void,
): Workflow {
  const workflow = structuredClone(DOCKERFILE_BUILDER);
  const schema = workflow.spec!.parameters!.openAPIV3Schema as SchemaNode;
  edit(schema.properties.repository.properties);
  return workflow;
}

function push(
  paths: string[] | undefined,
  branch = 'main',
): Extract<ParsedEvent, { kind: 'push' }> {
  return {
    kind: 'push',
    event: 'push',
    repository: REPO,
    repositoryUrls: [REPO],
    updates: [{ branch, commit: COMMIT, paths }],
  };
}

const matched = (
  event: Extract<ParsedEvent, { kind: 'push' }>,
  components: ComponentV1[],
  workflow: Workflow | undefined = DOCKERFILE_BUILDER,
  options: MatchOptions = { requireBranchMatch: true, provider: 'github' },
) =>
  matchComponents(
    event,
    components.map(c => candidateOfV1(c, 'nova', workflow)),
    options,
  )
    .map(m => m.component)
    .sort();

describe('v1 auto-build matching (webhook_processor.go@v1.2.3)', () => {
  it('reads the repository URL, branch and appPath from the fields the Workflow marks', () => {
    const candidate = candidateOfV1(
      GREETING_SERVICE,
      'nova',
      DOCKERFILE_BUILDER,
    );
    expect(candidate).toMatchObject({
      generation: 'v1',
      namespace: 'nova',
      project: 'default',
      component: 'greeting-service',
      workflow: { kind: 'ClusterWorkflow', name: 'dockerfile-builder' },
      repository: { url: REPO, branch: 'main', appPath: '/service-go-greeter' },
      revisionFields: { branch: true, commit: true },
    });
    expect(candidate.problem).toBeUndefined();
  });

  it('finds the repository wherever the Workflow marks it, not at the sample paths', () => {
    const workflow = structuredClone(DOCKERFILE_BUILDER);
    const schema = workflow.spec!.parameters!.openAPIV3Schema as SchemaNode;
    schema.properties.source = schema.properties.repository;
    delete schema.properties.repository;
    const component = greeting({});
    component.spec!.workflow!.parameters!.source = {
      url: 'git@github.com:openchoreo/sample-workloads.git',
      revision: { branch: 'main' },
      appPath: 'service-go-greeter',
    };
    expect(
      matched(push(['service-go-greeter/main.go']), [component], workflow),
    ).toEqual(['greeting-service']);
  });

  it('builds only components with a changed path under their appPath (root: every path)', () => {
    const components = [
      greeting({ url: REPO, appPath: '/service-go-greeter' }, 'greeter'),
      greeting({ url: REPO, appPath: '.' }, 'root'),
      greeting({ url: REPO }, 'no-app-path'),
    ];
    expect(matched(push(['service-go-greeter/main.go']), components)).toEqual([
      'greeter',
      'no-app-path',
      'root',
    ]);
    expect(matched(push(['docs/README.md']), components)).toEqual([
      'no-app-path',
      'root',
    ]);
    expect(matched(push(undefined), components)).toEqual([
      'greeter',
      'no-app-path',
      'root',
    ]);
  });

  it('requires the component’s branch when it has one, whatever requireBranchMatch says', () => {
    const components = [
      greeting({ url: REPO, revision: { branch: 'release' } }, 'release'),
      // No branch parameter: the schema default (`main`) is the component's branch.
      greeting({ url: REPO }, 'default-branch'),
    ];
    const lenient: MatchOptions = { requireBranchMatch: false };
    expect(
      matched(push(['x'], 'release'), components, undefined, lenient),
    ).toEqual(['release']);
    expect(
      matched(push(['x'], 'main'), components, undefined, lenient),
    ).toEqual(['default-branch']);
    expect(
      matched(push(['x'], 'feature/x'), components, undefined, lenient),
    ).toEqual([]);
  });

  it('builds every branch when the component has no branch and the field no default, even with requireBranchMatch', () => {
    const workflow = builderWith(properties => {
      delete properties.revision.properties.branch.default;
    });
    const component = greeting({ url: REPO });
    expect(
      candidateOfV1(component, 'nova', workflow).repository?.branch,
    ).toBeUndefined();
    expect(matched(push(['x'], 'feature/x'), [component], workflow)).toEqual([
      'greeting-service',
    ]);
  });

  it('never matches a component whose Workflow marks no repository URL, and says why', () => {
    const workflow = builderWith(properties => {
      delete properties.url['x-openchoreo-component-parameter-repository-url'];
    });
    const candidate = candidateOfV1(GREETING_SERVICE, 'nova', workflow);
    expect(candidate.problem).toBe(
      'ClusterWorkflow dockerfile-builder schema missing x-openchoreo-component-parameter-repository-url extension, so pushes cannot be matched to the component',
    );
    expect(
      matched(push(undefined), [greeting({ url: REPO })], workflow),
    ).toEqual([]);
  });

  it('never matches a component whose Workflow is gone or whose URL is empty, and says why', () => {
    expect(candidateOfV1(GREETING_SERVICE, 'nova', undefined).problem).toBe(
      'ClusterWorkflow dockerfile-builder does not exist',
    );
    const empty = greeting({ url: '', revision: { branch: 'main' } });
    expect(candidateOfV1(empty, 'nova', DOCKERFILE_BUILDER).problem).toBe(
      "the repository URL is empty in the component's parameters (spec.workflow.parameters.repository.url)",
    );
    const unnamed = greeting({ url: REPO });
    unnamed.spec!.workflow = undefined;
    expect(candidateOfV1(unnamed, 'nova', DOCKERFILE_BUILDER).problem).toBe(
      'the component has no workflow configuration (spec.workflow)',
    );
  });

  it('matches a github.com repository only on GitHub deliveries (providerFromRepoURL)', () => {
    const component = greeting({ url: REPO });
    expect(
      matched(push(undefined), [component], undefined, {
        requireBranchMatch: true,
        provider: 'gitlab',
      }),
    ).toEqual([]);
    expect(
      matched(push(undefined), [component], undefined, {
        requireBranchMatch: true,
        provider: 'github',
      }),
    ).toEqual(['greeting-service']);
  });

  it('starts a run of the Component’s own Workflow with the pushed commit and branch in the marked fields', () => {
    const [match] = matchComponents(
      push(['service-go-greeter/main.go']),
      [candidateOfV1(greeting(SAMPLE_REPOSITORY), 'nova', DOCKERFILE_BUILDER)],
      { requireBranchMatch: true },
    );
    expect(runRequestOf(match)).toEqual({
      namespace: 'nova',
      project: 'default',
      component: 'greeting-service',
      workflow: 'dockerfile-builder',
      workflowKind: 'ClusterWorkflow',
      systemParameters: {
        repository: { revision: { branch: 'main', commit: COMMIT } },
      },
    });
  });

  it('leaves out the revision fields the Workflow does not mark (v1.2.3 sets the commit only where marked)', () => {
    const workflow = builderWith(properties => {
      delete properties.revision.properties.commit[
        'x-openchoreo-component-parameter-repository-commit'
      ];
    });
    const [match] = matchComponents(
      push(undefined),
      [candidateOfV1(greeting(SAMPLE_REPOSITORY), 'nova', workflow)],
      { requireBranchMatch: true },
    );
    expect(runRequestOf(match).systemParameters).toEqual({
      repository: { revision: { branch: 'main' } },
    });
  });

  it('reads a schema default through properties only', () => {
    const schema = DOCKERFILE_BUILDER.spec!.parameters!.openAPIV3Schema;
    expect(schemaDefaultAt(schema, 'repository.revision.branch')).toBe('main');
    expect(schemaDefaultAt(schema, 'repository.appPath')).toBe('.');
    expect(schemaDefaultAt(schema, 'repository.url')).toBeUndefined();
    expect(schemaDefaultAt(schema, 'repository.nothing.here')).toBeUndefined();
  });
});

import {
  findRepositoryFields,
  readRepositoryFields,
  writeRepositoryFields,
} from './repositoryFields';

/** The repository block of `samples/getting-started/ci-workflows/dockerfile-builder.yaml@v1.2.3`. */
const dockerfileBuilderSchema = {
  type: 'object',
  required: ['repository'],
  properties: {
    repository: {
      type: 'object',
      properties: {
        url: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-url': true,
        },
        secretRef: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-secret-ref': true,
        },
        revision: {
          type: 'object',
          properties: {
            branch: {
              type: 'string',
              default: 'main',
              'x-openchoreo-component-parameter-repository-branch': true,
            },
            commit: {
              type: 'string',
              'x-openchoreo-component-parameter-repository-commit': true,
            },
          },
        },
        appPath: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-app-path': true,
        },
      },
    },
    docker: {
      type: 'object',
      properties: { context: { type: 'string' } },
    },
  },
};

describe('findRepositoryFields', () => {
  it('finds every marked role as a dotted path', () => {
    expect(findRepositoryFields(dockerfileBuilderSchema)).toEqual({
      paths: {
        url: 'repository.url',
        secretRef: 'repository.secretRef',
        branch: 'repository.revision.branch',
        commit: 'repository.revision.commit',
        appPath: 'repository.appPath',
      },
      errors: [],
    });
  });

  it('ignores a marker on the root and markers that are not `true`, as upstream does', () => {
    expect(
      findRepositoryFields({
        'x-openchoreo-component-parameter-repository-url': true,
        properties: {
          git: {
            type: 'string',
            'x-openchoreo-component-parameter-repository-url': 'yes',
          },
        },
      }),
    ).toEqual({ paths: {}, errors: [] });
  });

  it('reports a role marked twice', () => {
    const { errors } = findRepositoryFields({
      properties: {
        a: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-url': true,
        },
        b: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-url': true,
        },
      },
    });
    expect(errors).toEqual([
      'x-openchoreo-component-parameter-repository-url marks both a and b; a Workflow may mark one field per role',
    ]);
  });

  it('answers nothing for a schema that is not an object', () => {
    expect(findRepositoryFields('string')).toEqual({ paths: {}, errors: [] });
  });
});

describe('reading and writing the marked fields', () => {
  const { paths } = findRepositoryFields(dockerfileBuilderSchema);
  const parameters = {
    repository: {
      url: 'https://github.com/openchoreo/sample-workloads',
      revision: { branch: 'main', commit: '' },
      appPath: '/service-go-greeter',
    },
    docker: { context: '.' },
  };

  it('reads the repository, an empty commit as none', () => {
    expect(readRepositoryFields(parameters, paths)).toEqual({
      url: 'https://github.com/openchoreo/sample-workloads',
      branch: 'main',
      commit: undefined,
      appPath: '/service-go-greeter',
    });
  });

  it('writes an override into a copy, creating missing objects, and leaves the rest alone', () => {
    const result = writeRepositoryFields({ docker: { context: '.' } }, paths, {
      branch: 'release-1.2',
      commit: 'a1b2c3d',
    });
    expect(result).toEqual({
      parameters: {
        docker: { context: '.' },
        repository: { revision: { branch: 'release-1.2', commit: 'a1b2c3d' } },
      },
      unmarked: [],
    });
  });

  it('drops an empty commit and reports roles the Workflow does not mark', () => {
    const result = writeRepositoryFields(
      parameters,
      { url: 'repository.url', commit: 'repository.revision.commit' },
      { commit: '', appPath: '/other' },
    );
    expect(result.parameters.repository).toEqual({
      url: 'https://github.com/openchoreo/sample-workloads',
      revision: { branch: 'main' },
      appPath: '/service-go-greeter',
    });
    expect(result.unmarked).toEqual(['appPath']);
    expect(parameters.repository.revision.commit).toBe('');
  });
});

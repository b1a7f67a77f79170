import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { ComponentWorkflow } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import { workflowSchemas } from '../workflows/workflowModel';
import { parseShorthand, parseTypeExpression } from './shorthand';
import { shorthandToJsonSchema } from './toJsonSchema';

const referenceWorkflows: Array<[string, ComponentWorkflow]> = listFiles(
  referencePath('openchoreo'),
)
  .filter(file =>
    fs.readFileSync(file, 'utf8').includes('kind: ComponentWorkflow'),
  )
  .flatMap(file =>
    loadReferenceYaml<ComponentWorkflow>(file)
      .filter(doc => doc.kind === 'ComponentWorkflow')
      .map(
        doc =>
          [
            `${path.relative(referencePath(), file)}#${doc.metadata?.name}`,
            doc,
          ] as [string, ComponentWorkflow],
      ),
  );

describe('shorthand → JSON Schema on the reference ComponentWorkflows', () => {
  it('finds the samples, default workflows and gitops variants', () => {
    const names = referenceWorkflows.map(([label]) => label).join('\n');
    expect(referenceWorkflows.length).toBeGreaterThanOrEqual(13);
    expect(names).toMatch(/default-component-workflows/);
    expect(names).toMatch(/gitops/);
    expect(names).toMatch(/with-private-registry/);
  });

  it.each(referenceWorkflows)(
    '%s converts without warnings into valid JSON Schema',
    (_label, wf) => {
      const { systemParametersSchema, parametersSchema, warnings } =
        workflowSchemas(wf);
      expect(warnings).toEqual([]);
      const ajv = new Ajv({ strict: true });
      expect(() =>
        ajv.compile({ ...systemParametersSchema, $schema: undefined }),
      ).not.toThrow();
      expect(() =>
        ajv.compile({ ...parametersSchema, $schema: undefined }),
      ).not.toThrow();

      const repository = systemParametersSchema.properties!.repository;
      expect(repository.required).toEqual(['url']);
      expect(repository.properties!.url).toMatchObject({
        type: 'string',
        pattern: expect.stringMatching(/^\^\(\?:https\?:\/\//),
        description: 'Git repository URL',
      });
      expect(repository.properties!.appPath).toMatchObject({
        type: 'string',
        default: '.',
      });
      const revision = repository.properties!.revision;
      expect(revision.properties!.branch).toMatchObject({
        type: 'string',
        default: 'main',
      });
      expect(revision.properties!.commit.pattern).toBe('^[0-9a-fA-F]{7,40}$');
      expect(revision.required).toBeUndefined();
      expect(systemParametersSchema.required).toEqual(['repository']);
    },
  );

  it('reads the docker workflow parameters with defaults and descriptions', () => {
    const docker = referenceWorkflows.find(([label]) =>
      label.endsWith('default-component-workflows/docker.yaml#docker'),
    )![1];
    const { parametersSchema } = workflowSchemas(docker);
    expect(parametersSchema.properties!.docker).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        context: {
          type: 'string',
          default: '.',
          description:
            'Docker build context path relative to the repository root',
        },
        filePath: {
          type: 'string',
          default: './Dockerfile',
          description: 'Path to the Dockerfile relative to the repository root',
        },
      },
    });
    expect(parametersSchema.required).toBeUndefined();
  });

  it('marks gitops fields without default as required', () => {
    const gitops = referenceWorkflows.find(([label]) =>
      label.includes('docker-gitops-release.yaml'),
    )![1];
    const { parametersSchema } = workflowSchemas(gitops);
    expect(parametersSchema.properties!.gitops.required).toEqual([
      'repositoryUrl',
      'deploymentPipeline',
    ]);
    expect(parametersSchema.required).toEqual(['gitops']);
  });
});

describe('shorthand edge cases', () => {
  const convert = (
    fields: Record<string, unknown>,
    types?: Record<string, unknown>,
  ) => shorthandToJsonSchema(fields as never, types as never);

  it('keeps quoted values with spaces, escaped quotes and = signs', () => {
    const { schema, warnings } = convert({
      a: 'string | description="Say \\"hi\\" = hello world" title=\'Single quoted value\' default="with space"',
    });
    expect(warnings).toEqual([]);
    expect(schema.properties!.a).toEqual({
      type: 'string',
      description: 'Say "hi" = hello world',
      title: 'Single quoted value',
      default: 'with space',
    });
  });

  it('reads enums, typed per field, in both spellings', () => {
    const { schema } = convert({
      mode: 'string | enum=unit,integration,none default=unit',
      level: 'integer | enum(1,2,3)',
      quoted: 'string | enum="a b,c d"',
    });
    expect(schema.properties!.mode).toEqual({
      type: 'string',
      enum: ['unit', 'integration', 'none'],
      default: 'unit',
    });
    expect(schema.properties!.level).toEqual({
      type: 'integer',
      enum: [1, 2, 3],
    });
    expect(schema.properties!.quoted.enum).toEqual(['a b', 'c d']);
  });

  it('reads arrays and maps in every spelling', () => {
    const { schema, warnings } = convert({
      a: '[]string',
      b: 'array<integer> | minItems=1 maxItems=3 uniqueItems',
      c: 'map<string>',
      d: 'map[string]boolean',
      e: '[]map<number>',
      f: 'array<[]string> | default=[["x"]]',
      g: '[]string | default=a,b',
      h: 'array',
      i: 'object | minProperties=1',
    });
    expect(warnings).toEqual([]);
    expect(schema.properties).toEqual({
      a: { type: 'array', items: { type: 'string' } },
      b: {
        type: 'array',
        items: { type: 'integer' },
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
      },
      c: { type: 'object', additionalProperties: { type: 'string' } },
      d: { type: 'object', additionalProperties: { type: 'boolean' } },
      e: {
        type: 'array',
        items: { type: 'object', additionalProperties: { type: 'number' } },
      },
      f: {
        type: 'array',
        items: { type: 'array', items: { type: 'string' } },
        default: [['x']],
      },
      g: { type: 'array', items: { type: 'string' }, default: ['a', 'b'] },
      h: { type: 'array' },
      i: { type: 'object', additionalProperties: true, minProperties: 1 },
    });
    expect(schema.required).toEqual(['a', 'b', 'c', 'd', 'e', 'h', 'i']);
  });

  it('expands custom types from schema.types, including nested and recursive ones', () => {
    const { schema, warnings } = convert(
      { resources: 'Resources', list: '[]Port', self: 'Loop' },
      {
        Resources: { cpu: 'string | default=500m', memory: 'string' },
        Port: 'integer | minimum=1 maximum=65535',
        Loop: { next: 'Loop' },
      },
    );
    expect(schema.properties!.resources).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        cpu: { type: 'string', default: '500m' },
        memory: { type: 'string' },
      },
      required: ['memory'],
    });
    expect(schema.properties!.list).toEqual({
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 65535 },
    });
    expect(warnings.some(w => w.includes('refers to itself'))).toBe(true);
  });

  it('applies $default to an object map and makes it optional', () => {
    const { schema } = convert({
      limits: { $default: { cpu: '1' }, cpu: 'string' },
      json: { $default: '{"x": 1}', x: 'integer' },
    });
    expect(schema.properties!.limits.default).toEqual({ cpu: '1' });
    expect(schema.properties!.json.default).toEqual({ x: 1 });
    expect(schema.required).toBeUndefined();
  });

  it('ignores oc: markers and converts numbers, booleans, examples and formats', () => {
    const { schema, warnings } = convert({
      n: 'number | oc:hidden oc:order=3 minimum=0.5 exclusiveMaximum=10 multipleOf=0.5 example=2.5',
      b: 'boolean | default=false',
      s: 'string | format=uri pattern="^https://" minLength=3 maxLength=10 example=abc',
    });
    expect(warnings).toEqual([]);
    expect(schema.properties!.n).toEqual({
      type: 'number',
      minimum: 0.5,
      exclusiveMaximum: 10,
      multipleOf: 0.5,
      examples: [2.5],
    });
    expect(schema.properties!.b).toEqual({ type: 'boolean', default: false });
    expect(schema.properties!.s).toEqual({
      type: 'string',
      format: 'uri',
      pattern: '^https://',
      minLength: 3,
      maxLength: 10,
      examples: ['abc'],
    });
    expect(schema.required).toEqual(['n', 's']);
  });

  it('is required unless it has a default (or says required=false)', () => {
    const { schema } = convert({
      a: 'string',
      b: 'string | default=x',
      c: 'string | required=false',
      d: { e: 'string | default=1' },
    });
    expect(schema.required).toEqual(['a']);
  });

  it('reports, and leaves out, what it cannot read', () => {
    const { schema, warnings } = convert({
      ok: 'string',
      badType: 'strin g<',
      unknownType: 'Missing',
      badDefault: 'integer | default=abc',
      unterminated: 'string | description="oops',
      notString: 42,
      unknownMarker: 'string | colour=blue',
    });
    expect(Object.keys(schema.properties!)).toEqual([
      'ok',
      'unknownType',
      'badDefault',
      'unknownMarker',
    ]);
    expect(warnings).toEqual([
      'badType: unknown type "strin g<"',
      'unknownType: unknown type "Missing" (not in schema.types)',
      'badDefault: "abc" is not a valid integer',
      'unterminated: unterminated " quote',
      'notString: expected a shorthand string or a map, got number',
      'unknownMarker: unknown marker "colour" ignored',
    ]);
  });

  it('parses type expressions and marker strings', () => {
    expect(parseTypeExpression('map[string][]integer')).toEqual({
      kind: 'map',
      values: { kind: 'array', items: { kind: 'primitive', name: 'integer' } },
    });
    expect(parseShorthand('string').markers.size).toBe(0);
    expect([...parseShorthand('string | a=1   b="x y" c').markers]).toEqual([
      ['a', '1'],
      ['b', 'x y'],
      ['c', true],
    ]);
  });
});

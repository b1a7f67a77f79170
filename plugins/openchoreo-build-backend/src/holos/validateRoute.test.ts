import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { loadAllYaml } from '@kubernetes/client-node';
import {
  openchoreoBuildHolosPlanReadPermission,
  type HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { catalogWith } from '../__testUtils__/catalog';
import { openchoreoBuildPlugin } from '../plugin';
import { auth, start, VALIDATE } from './__testUtils__/holosBackend';
import { holosExample } from './__testUtils__/holosExamples';

describe('POST /holos/buildplans/validate', () => {
  it.each([
    'application/yaml',
    'text/yaml',
    'application/x-yaml',
    'text/plain',
  ])('analyses a valid plan sent as %s', async contentType => {
    const res = await request(await start())
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', contentType)
      .send(holosExample('buildcontext-slice.yaml'));
    expect(res.status).toBe(200);
    const result = res.body as HolosValidationResult;
    expect(result.valid).toBe(true);
    expect(result.plans.length).toBeGreaterThan(0);
    expect(result.plans[0].errors).toEqual([]);
    expect(result.plans[0].dryRun?.tasks.length).toBeGreaterThan(0);
  });

  it('analyses JSON documents (one, or an array) like the same YAML', async () => {
    const server = await start();
    const text = holosExample('buildcontext-slice.yaml');
    const [document] = (loadAllYaml(text) as unknown[]).filter(Boolean);
    const fromText = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'application/yaml')
      .send(text);
    const one = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .send(document as object);
    const array = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .send([document]);
    expect(one.status).toBe(200);
    expect(array.status).toBe(200);
    expect(one.body.valid).toBe(true);
    // Positions differ (JSON bodies have no lines); the plans' names and pipelines do not.
    const shape = (r: HolosValidationResult) =>
      r.plans.map(p => ({ name: p.name, artifacts: p.artifacts }));
    expect(shape(one.body)).toEqual(shape(fromText.body));
    expect(shape(array.body)).toEqual(shape(fromText.body));
  });

  it('answers 200 valid:false with the problems of a plan that breaks a rule', async () => {
    const res = await request(await start())
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'application/yaml')
      .send(holosExample('invalid/write-once.yaml'));
    expect(res.status).toBe(200);
    const result = res.body as HolosValidationResult;
    expect(result.valid).toBe(false);
    const problems = result.plans.flatMap(p => p.errors);
    expect(problems.map(p => p.rule)).toContain('write-once');
    expect(problems.every(p => p.path && p.message)).toBe(true);
  });

  it('answers 400 naming the line for text that is not YAML', async () => {
    const res = await request(await start())
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'application/yaml')
      .send('apiVersion: v1alpha6\nkind: BuildPlan\nmetadata: {name: x\n');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(
      /^body: the text could not be read at line \d+, column \d+/,
    );
    expect(res.body.error.at.line).toEqual(expect.any(Number));
    expect(res.body.error.stack).toBeUndefined();
  });

  it('answers 400 naming the line and the kind field for a document of another kind', async () => {
    const res = await request(await start())
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'text/yaml')
      .send('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain('line 2');
    expect(res.body.error.message).toMatch(/kind/);
    expect(res.body.error.at).toMatchObject({ line: 2, document: 0 });
  });

  it('answers 400 for an empty body and for JSON nested past the bounds', async () => {
    const server = await start();
    const empty = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'application/yaml')
      .send('');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^body: the text is empty/);
    let deep: object = { kind: 'BuildPlan' };
    for (let i = 0; i < 70; i++) deep = { nested: deep };
    const nested = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .send(deep);
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(
      /^Invalid body: .*nests deeper than 64 levels$/,
    );
  });

  it('answers 415 naming the accepted types for another Content-Type', async () => {
    const res = await request(await start())
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'text/html')
      .send('<p>kind: BuildPlan</p>');
    expect(res.status).toBe(415);
    expect(res.body.error.name).toBe('UnsupportedMediaTypeError');
    expect(res.body.error.message).toBe(
      'Content-Type: "text/html" is not accepted; send one of application/json, application/yaml, text/yaml, application/x-yaml, text/plain',
    );
  });

  it('answers 413 naming the limit for a body over 5 MiB, text or JSON', async () => {
    const server = await start();
    const big = `# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    const text = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'application/yaml')
      .send(big);
    expect(text.status).toBe(413);
    expect(text.body.error.name).toBe('PayloadTooLargeError');
    expect(text.body.error.message).toContain('5242880 bytes');
    const json = await request(server)
      .post(VALIDATE)
      .set('Authorization', auth)
      .send({ kind: 'BuildPlan', padding: big });
    expect(json.status).toBe(413);
  });

  it('answers 403 without the validate permission, before reading the body', async () => {
    const res = await request(
      await start({ allow: [openchoreoBuildHolosPlanReadPermission.name] }),
    )
      .post(VALIDATE)
      .set('Authorization', auth)
      .set('Content-Type', 'text/html')
      .send('not even an accepted type');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to validate Holos plans (permission openchoreo.build.holos.validate)',
    );
  });

  it('answers 401 without credentials', async () => {
    const { server } = await startTestBackend({
      features: [
        openchoreoBuildPlugin,
        catalogWith([]),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const res = await request(server)
      .post(VALIDATE)
      .set('Content-Type', 'application/yaml')
      .send('kind: BuildPlan');
    expect(res.status).toBe(401);
  });
});

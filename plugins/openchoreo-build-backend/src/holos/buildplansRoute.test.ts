import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import {
  HOLOS_BUILDPLANS_ANNOTATION,
  openchoreoBuildHolosValidatePermission,
  type HolosEntityBuildPlans,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import {
  answer,
  auth,
  component,
  READ,
  reader,
  start,
} from './__testUtils__/holosBackend';
import { holosExample } from './__testUtils__/holosExamples';

describe('GET /holos/buildplans', () => {
  const sourceLocation = {
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/platform/blob/main/catalog-info.yaml',
  };

  // GitHub's integration resolves relative paths to `tree/` URLs, which its UrlReader reads.
  it('reads a relative annotation from the entity source location, analysed', async () => {
    const readUrl = reader(async () =>
      answer(holosExample('buildcontext-slice.yaml'), 'etag-1'),
    );
    const res = await request(
      await start({
        readUrl,
        entities: [
          component('api', {
            ...sourceLocation,
            [HOLOS_BUILDPLANS_ANNOTATION]: 'holos/buildplans.yaml',
          }),
        ],
      }),
    )
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    expect(readUrl).toHaveBeenCalledWith(
      'https://github.com/acme/platform/tree/main/holos/buildplans.yaml',
      { etag: undefined },
    );
    expect(res.status).toBe(200);
    const body = res.body as HolosEntityBuildPlans;
    expect(body.entityRef).toBe('component:default/api');
    expect(body.location).toBe(
      'https://github.com/acme/platform/tree/main/holos/buildplans.yaml',
    );
    expect(body.valid).toBe(true);
    expect(body.plans.length).toBeGreaterThan(0);
  });

  it('answers from the cache: the source is read once for two requests', async () => {
    const readUrl = reader(async () =>
      answer(holosExample('buildcontext-slice.yaml'), 'etag-1'),
    );
    const server = await start({
      readUrl,
      entities: [
        component('api', {
          [HOLOS_BUILDPLANS_ANNOTATION]: 'https://git.example.com/plans.yaml',
        }),
      ],
    });
    const first = await request(server)
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    const second = await request(server)
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(readUrl).toHaveBeenCalledTimes(1);
  });

  it('revalidates an expired entry with its ETag and keeps it when the source says NotModified', async () => {
    const readUrl = reader(async (_url, options) => {
      if (options?.etag === 'etag-1') throw new NotModifiedError();
      return answer(holosExample('buildcontext-slice.yaml'), 'etag-1');
    });
    const server = await start({
      readUrl,
      holos: { cacheTtlSeconds: 0 },
      entities: [
        component('api', {
          [HOLOS_BUILDPLANS_ANNOTATION]: 'https://git.example.com/plans.yaml',
        }),
      ],
    });
    const get = () =>
      request(server)
        .get(READ)
        .query({ entityRef: 'component:default/api' })
        .set('Authorization', auth);
    const first = await get();
    const second = await get();
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(readUrl.mock.calls.map(([, options]) => options)).toEqual([
      { etag: undefined },
      { etag: 'etag-1' },
    ]);
  });

  it('answers 400 naming the file, line and field when the plans file is not a plan', async () => {
    const readUrl = reader(async () =>
      answer('apiVersion: apps/v1\nkind: Deployment\n'),
    );
    const res = await request(
      await start({
        readUrl,
        entities: [
          component('api', {
            [HOLOS_BUILDPLANS_ANNOTATION]: 'https://git.example.com/plans.yaml',
          }),
        ],
      }),
    )
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^holos\.run\/buildplans of component:default\/api: https:\/\/git\.example\.com\/plans\.yaml: .*kind "Deployment" at line 2/,
    );
    expect(res.body.error.at.line).toBe(2);
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const res = await request(await start())
      .get(READ)
      .query({ entityRef: 'component:default/nowhere' })
      .set('Authorization', auth);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'entityRef: no catalog entity component:default/nowhere (or you may not see it)',
    );
  });

  it('answers 404 naming the annotation to add when the entity has none', async () => {
    const readUrl = reader();
    const res = await request(
      await start({ readUrl, entities: [component('api', sourceLocation)] }),
    )
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /^component:default\/api has no holos\.run\/buildplans annotation; add one/,
    );
    expect(readUrl).not.toHaveBeenCalled();
  });

  it('answers 403 without the read permission on the entity, reading nothing', async () => {
    const readUrl = reader();
    const res = await request(
      await start({
        readUrl,
        allow: [openchoreoBuildHolosValidatePermission.name],
        entities: [
          component('api', {
            [HOLOS_BUILDPLANS_ANNOTATION]: 'https://git.example.com/plans.yaml',
          }),
        ],
      }),
    )
      .get(READ)
      .query({ entityRef: 'component:default/api' })
      .set('Authorization', auth);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to read the Holos plans of this entity (permission openchoreo.build.holos.plan.read on component:default/api)',
    );
    expect(readUrl).not.toHaveBeenCalled();
  });

  it.each([
    [{}, 'entityRef: is required'],
    [{ entityRef: 'api' }, 'entityRef: "api" is not an entity ref'],
    [
      { entityRef: ['component:default/a', 'component:default/b'] },
      'entityRef: must be given once',
    ],
  ])('answers 400 for the query %j', async (query, message) => {
    const res = await request(await start())
      .get(READ)
      .query(query)
      .set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  describe('reader failures: the message says what failed, never a credential', () => {
    const integrationToken = 'ghp_integrationSecretToken123';
    const password = 'hunter2-password';
    const queryToken = 'glpat-abcdef123456';
    const annotated = `https://robot:${password}@git.example.com/plans.yaml?private_token=${queryToken}`;
    const leakyMessage = `GET ${annotated} failed with 401; sent Authorization: Bearer ${integrationToken} as robot/${password}`;

    it.each([
      [new Error(leakyMessage), 502, 'could not be read'],
      [new NotFoundError(leakyMessage), 404, 'was not found'],
    ])('%s → %i', async (error, status, words) => {
      const server = await start({
        readUrl: reader(async () => {
          throw error;
        }),
        integrations: {
          github: [{ host: 'github.com', token: integrationToken }],
        },
        entities: [
          component('api', { [HOLOS_BUILDPLANS_ANNOTATION]: annotated }),
        ],
      });
      const res = await request(server)
        .get(READ)
        .query({ entityRef: 'component:default/api' })
        .set('Authorization', auth);
      expect(res.status).toBe(status);
      const body = JSON.stringify(res.body);
      for (const secret of [integrationToken, password, queryToken])
        expect(body).not.toContain(secret);
      expect(res.body.error.message).toContain(
        'holos.run/buildplans of component:default/api: https://git.example.com/plans.yaml?private_token=***',
      );
      expect(res.body.error.message).toContain(words);
      expect(res.body.error.cause).toBeUndefined();
    });
  });

  describe('file: locations (development)', () => {
    let base: string;
    let root: string;

    beforeAll(() => {
      base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'holos-')));
      root = path.join(base, 'examples');
      fs.mkdirSync(path.join(root, 'holos'), { recursive: true });
      fs.mkdirSync(path.join(base, 'outside'));
      // Refused files are never parsed: any text shows that.
      fs.writeFileSync(path.join(root, 'holos', 'plans.yaml'), 'placeholder');
      fs.writeFileSync(path.join(base, 'outside', 'plans.yaml'), 'secret');
      fs.symlinkSync(
        path.join(base, 'outside', 'plans.yaml'),
        path.join(root, 'link.yaml'),
      );
    });
    afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

    const local = (name: string, annotation: string) =>
      component(name, {
        'backstage.io/managed-by-location': `file:${root}/entities.yaml`,
        [HOLOS_BUILDPLANS_ANNOTATION]: annotation,
      });

    const get = async (name: string, localRoots?: string[]) =>
      request(
        await start({
          holos: { localRoots: localRoots ?? [root] },
          entities: [
            local('inside', 'holos/plans.yaml'),
            local('dotdot', '../outside/plans.yaml'),
            local('link', 'link.yaml'),
            local('missing', 'holos/missing.yaml'),
          ],
        }),
      )
        .get(READ)
        .query({ entityRef: `component:default/${name}` })
        .set('Authorization', auth);

    it('reads a file under a configured root', async () => {
      fs.writeFileSync(
        path.join(root, 'holos', 'plans.yaml'),
        holosExample('buildcontext-slice.yaml'),
      );
      const res = await get('inside');
      expect(res.status).toBe(200);
      expect(res.body.location).toBe(`file:${root}/holos/plans.yaml`);
      expect(res.body.valid).toBe(true);
    });

    it.each(['dotdot', 'link'])(
      'refuses a file that escapes the root (%s)',
      async name => {
        const res = await get(name);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          `holos.run/buildplans of component:default/${name}: names a local file outside openchoreo.build.holos.localRoots (${root}); only files under those directories are read`,
        );
      },
    );

    it('answers 404 for a missing file under a root', async () => {
      const res = await get('missing');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        `file:${root}/holos/missing.yaml does not exist`,
      );
    });

    it('reads no local file when no root is configured', async () => {
      const res = await get('inside', []);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'local files are read only under openchoreo.build.holos.localRoots, which is not configured',
      );
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import type {
  AutoBuildResponse,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import {
  bitbucketHeaders,
  bitbucketPushPayload,
  githubHeaders,
  githubPushPayload,
  gitlabHeaders,
  gitlabPushPayload,
  sha,
} from './__testUtils__/payloads';
import {
  componentObject,
  createdBy,
  deliver,
  OC,
  runsOfDelivery,
  webhookBackend,
  type BackendOptions,
  type Sandbox,
  type Server,
} from './__testUtils__/harness';
import { deliveryHash, WEBHOOK_RUN_METADATA } from './WebhookService';

const GREETER = 'service-go-greeter/main.go';
const REACT = 'webapp-react-nginx/src/App.js';
const READING_LIST = 'service-go-reading-list/main.go';

/**
 * Signed deliveries of all three providers against a seeded sandbox: the seed has
 * default/greeter-service and acme/react-starter with autoBuild on and default/reading-list-service
 * with it off, all in https://github.com/openchoreo/sample-workloads (a monorepo). GitLab and
 * Bitbucket monorepos get two components each, created here.
 */
describe('auto-build webhooks against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-webhooks-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    const component = (
      name: string,
      url: string,
      appPath: string,
      autoBuild = true,
    ) => componentObject(name, 'platform', url, appPath, autoBuild);
    for (const c of [
      component('gl-api', 'https://gitlab.com/acme/mono.git', '/services/api'),
      component('gl-web', 'https://gitlab.com/acme/mono', './apps/web'),
      component('gl-docs', 'https://gitlab.com/acme/mono', '/docs', false),
      component('bb-api', 'https://bitbucket.org/acme/mono', '/services/api'),
      component('bb-web', 'https://bitbucket.org/acme/mono/', 'apps/web'),
    ]) {
      sandbox.controlPlane.create(c, 'components');
    }
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const backend = (options: BackendOptions = {}) =>
    webhookBackend(sandbox, options);

  const runs = () => sandbox.controlPlane.list(OC, 'componentworkflowruns');
  const runCount = () => runs().length;

  function github(
    server: Server,
    payload: object,
    options: { delivery?: string; secret?: string; event?: string } = {},
  ) {
    const body = JSON.stringify(payload);
    return deliver(
      server,
      'github',
      body,
      githubHeaders(
        options.secret ?? sandbox.endpoints.webhooks.githubSecret,
        body,
        options,
      ),
    );
  }
  const created = (res: request.Response) => createdBy(sandbox, res);

  describe('GitHub', () => {
    let server: Server;
    beforeAll(async () => {
      server = await backend();
    });

    it('a push touching two components’ appPaths creates two runs at the pushed commit; the run succeeds', async () => {
      const after = sha('github-monorepo');
      const before = runCount();
      const delivery = 'f3f4c0a0-4e0b-11f0-8c5e-1a2b3c4d5e6f';
      const res = await github(
        server,
        githubPushPayload({
          after,
          commits: [
            { modified: [GREETER] },
            { added: [REACT], modified: [READING_LIST] },
          ],
        }),
        { delivery },
      );
      expect(res.status).toBe(200);
      const body = res.body as WebhookResponse;
      expect(body).toEqual({
        provider: 'github',
        deliveryId: delivery,
        event: 'push',
        handled: true,
        duplicate: false,
        message: '2 build(s) started.',
        repository: 'https://github.com/openchoreo/sample-workloads.git',
        branch: 'main',
        commit: after,
        runsStarted: 2,
        runsAlreadyStarted: 0,
        runsFailed: 0,
      });
      expect(created(res)).toEqual([
        'acme/react-starter',
        'default/greeter-service',
      ]);
      expect(runCount()).toBe(before + 2);
      for (const summary of runsOfDelivery(sandbox, res)) {
        expect(summary.name).toMatch(
          new RegExp(`^${summary.component}-workflow-[0-9a-f]{8}$`),
        );
        const run = sandbox.controlPlane.get(
          OC,
          'componentworkflowruns',
          summary.namespace,
          summary.name,
        )!;
        expect(run.metadata.labels).toMatchObject({
          [WEBHOOK_RUN_METADATA.deliveryLabel]: deliveryHash(
            'github',
            delivery,
          ),
          [WEBHOOK_RUN_METADATA.providerLabel]: 'github',
          [WEBHOOK_RUN_METADATA.pushLabel]:
            expect.stringMatching(/^[0-9a-f]{40}$/),
          'openchoreo.dev/component': summary.component,
        });
        expect(run.metadata.annotations).toMatchObject({
          [WEBHOOK_RUN_METADATA.deliveryAnnotation]: delivery,
          'openchoreo.dev/created-by': 'webhook:github',
        });
        expect(
          (run.spec as any).workflow.systemParameters.repository,
        ).toMatchObject({
          url: 'https://github.com/openchoreo/sample-workloads',
          revision: { branch: 'main', commit: after },
        });
      }
      const greeter = runsOfDelivery(sandbox, res).find(
        r => r.component === 'greeter-service',
      )!;
      const done = await sandbox.waitForRunCondition(
        'default',
        greeter.name,
        'WorkflowSucceeded',
      );
      expect(done.metadata.name).toBe(greeter.name);
    });

    it('a redelivery creates nothing new, also after a backend restart (runs are found by label)', async () => {
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const delivery = 'a1b2c3d4-0000-4000-8000-000000000001';
      const first = await github(server, payload, { delivery });
      expect(created(first)).toEqual(['default/greeter-service']);
      const count = runCount();

      const replay = await github(server, payload, { delivery });
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({
        duplicate: true,
        runsStarted: 0,
        runsAlreadyStarted: 1,
        message: expect.stringContaining('already processed'),
      });

      const restarted = await backend();
      const again = await github(restarted, payload, { delivery });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({
        duplicate: true,
        runsStarted: 0,
        runsAlreadyStarted: 1,
      });
      expect(runCount()).toBe(count);

      // Concurrent redeliveries share the first one's work.
      const payload2 = githubPushPayload({
        commits: [{ modified: [GREETER] }],
      });
      const [a, b] = await Promise.all([
        github(server, payload2, { delivery: 'concurrent-1' }),
        github(server, payload2, { delivery: 'concurrent-1' }),
      ]);
      expect([a.body.runsStarted, b.body.runsStarted].sort()).toEqual([0, 1]);
      expect(runCount()).toBe(count + 1);
    });

    it('a push to another branch creates nothing; with requireBranchMatch: false it builds that branch', async () => {
      const before = runCount();
      const payload = githubPushPayload({
        branch: 'feature/login',
        commits: [{ modified: [GREETER] }],
      });
      const res = await github(server, payload);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        handled: true,
        runsStarted: 0,
        branch: 'feature/login',
      });
      expect(res.body.message).toMatch(
        /No component .* on branch feature\/login/,
      );
      expect(runCount()).toBe(before);

      const agnostic = await backend({
        webhooks: { requireBranchMatch: false },
      });
      const built = await github(agnostic, payload);
      expect(created(built)).toEqual(['default/greeter-service']);
      const run = sandbox.controlPlane.get(
        OC,
        'componentworkflowruns',
        'default',
        runsOfDelivery(sandbox, built)[0].name,
      )!;
      expect(
        (run.spec as any).workflow.systemParameters.repository.revision.branch,
      ).toBe('feature/login');
    });

    it('a push outside every appPath creates nothing', async () => {
      const before = runCount();
      const res = await github(
        server,
        githubPushPayload({
          commits: [
            { modified: ['README.md', 'docs/guide.md'] },
            { added: [READING_LIST] },
          ],
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        handled: true,
        runsStarted: 0,
        runsAlreadyStarted: 0,
      });
      expect(runCount()).toBe(before);
    });

    it('a bad or missing signature answers 401 and creates nothing', async () => {
      const before = runCount();
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const wrongSecret = await github(server, payload, {
        secret: 'not-the-secret',
      });
      expect(wrongSecret.status).toBe(401);
      expect(wrongSecret.body.error).toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining('X-Hub-Signature-256 does not match'),
      });
      const body = JSON.stringify(payload);
      const headers = githubHeaders(
        sandbox.endpoints.webhooks.githubSecret,
        body,
      );
      const tampered = await deliver(
        server,
        'github',
        body.replace('"main"', '"main" '),
        headers,
      );
      expect(tampered.status).toBe(401);
      const { ['X-Hub-Signature-256']: _omitted, ...unsigned } = headers;
      const missing = await deliver(server, 'github', body, unsigned);
      expect(missing.status).toBe(401);
      expect(missing.body.error.message).toContain(
        'missing X-Hub-Signature-256',
      );
      expect(runCount()).toBe(before);
    });

    it('answers ping with 202 and nothing created; malformed bodies 400; unknown providers 404', async () => {
      const before = runCount();
      const ping = await github(
        server,
        {
          zen: 'Design for failure.',
          hook_id: 1,
          hook: { type: 'Repository' },
        },
        { event: 'ping' },
      );
      expect(ping.status).toBe(202);
      expect(ping.body).toMatchObject({
        handled: false,
        event: 'ping',
        runsStarted: 0,
        message: expect.stringContaining('ping'),
      });

      const garbage = '{"ref": "refs/heads/main", ';
      const notJson = await deliver(
        server,
        'github',
        garbage,
        githubHeaders(sandbox.endpoints.webhooks.githubSecret, garbage),
      );
      expect(notJson.status).toBe(400);
      expect(notJson.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('not JSON'),
      });
      const shapeless = await github(server, {
        ref: 'refs/heads/main',
        repository: 'x',
      });
      expect(shapeless.status).toBe(400);
      expect(shapeless.body.error.message).toMatch(/after: Required/);

      const unknown = await deliver(server, 'gitea', '{}', {
        'Content-Type': 'application/json',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain(
        'Unknown webhook provider "gitea"',
      );
      expect(runCount()).toBe(before);
    });

    it('accepts GitHub’s form-encoded deliveries (payload=…), signed over the raw form body', async () => {
      const form = new URLSearchParams({
        payload: JSON.stringify(
          githubPushPayload({ commits: [{ modified: [REACT] }] }),
        ),
      }).toString();
      const res = await deliver(server, 'github', form, {
        ...githubHeaders(sandbox.endpoints.webhooks.githubSecret, form),
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(200);
      expect(created(res)).toEqual(['acme/react-starter']);
    });

    it('answers a generic 503 when no secret is configured (the Secret is named only in the log), and uses a configured one', async () => {
      const noSecret = await backend({
        webhooks: { secretRef: { name: 'no-such-secret' } },
      });
      const res = await github(noSecret, githubPushPayload());
      expect(res.status).toBe(503);
      expect(res.body.error.message).toBe(
        "No github webhook secret is configured in the portal for this delivery; see the portal's log",
      );
      expect(JSON.stringify(res.body)).not.toMatch(
        /no-such-secret|openchoreo-control-plane|github-secret/,
      );

      const configured = await backend({
        webhooks: {
          githubSecret: 'from-config',
          secretRef: { name: 'no-such-secret' },
        },
      });
      const ok = await github(
        configured,
        githubPushPayload({ commits: [{ modified: ['README.md'] }] }),
        { secret: 'from-config' },
      );
      expect(ok.status).toBe(200);
    });
  });

  it('audits each delivery with provider, delivery id, matched components, created runs and result', async () => {
    const success = jest.fn(async () => {});
    const fail = jest.fn(async () => {});
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => ({ success, fail })),
    });
    const server = await backend({ auditor });
    const delivery = 'audit-0001';
    const res = await github(
      server,
      githubPushPayload({ commits: [{ modified: [GREETER] }] }),
      { delivery },
    );
    expect(res.status).toBe(200);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'webhook-receive',
        severityLevel: 'medium',
        meta: { provider: 'github' },
      }),
    );
    expect(success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        provider: 'github',
        deliveryId: delivery,
        event: 'push',
        branch: 'main',
        matchedComponents: ['default/greeter-service'],
        createdRuns: [`default/${runsOfDelivery(sandbox, res)[0].name}`],
        result: 'success',
      }),
    });
    const refused = await github(server, githubPushPayload(), {
      secret: 'wrong',
    });
    expect(refused.status).toBe(401);
    // Refused before verification: recorded, but at low severity (anyone can send these).
    expect(auditor.createEvent).toHaveBeenLastCalledWith(
      expect.objectContaining({
        eventId: 'webhook-receive',
        severityLevel: 'low',
      }),
    );
    expect(fail).toHaveBeenCalledWith(
      expect.objectContaining({
        meta: { provider: 'github', result: 'failure' },
        error: expect.objectContaining({ name: 'AuthenticationError' }),
      }),
    );
  });

  it('verifies and answers a delivery even when the audit log cannot take it (e.g. a foreign Authorization header)', async () => {
    // Backstage's auditor resolves the caller from the request; a provider (or a proxy) that sends
    // some other bearer token makes that fail. The delivery is verified and handled first.
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => {
        throw new Error('Could not resolve credentials');
      }),
    });
    const server = await backend({ auditor });
    const payload = JSON.stringify(
      githubPushPayload({ commits: [{ modified: [GREETER] }] }),
    );
    const res = await deliver(server, 'github', payload, {
      ...githubHeaders(sandbox.endpoints.webhooks.githubSecret, payload),
      Authorization: 'Bearer not-a-backstage-token',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ handled: true, runsStarted: 1 });
    expect(auditor.createEvent).toHaveBeenCalled();
  });

  describe('GitLab', () => {
    const token = () => sandbox.endpoints.webhooks.gitlabSecret;
    const gitlab = (
      server: Server,
      payload: object,
      headers: Record<string, string>,
    ) => deliver(server, 'gitlab', JSON.stringify(payload), headers);

    it('builds the two monorepo components a push touches, once per delivery; a wrong token is 401', async () => {
      const server = await backend();
      const before = runCount();
      const payload = gitlabPushPayload({
        fullName: 'acme/mono',
        commits: [
          { modified: ['services/api/main.go', 'docs/index.md'] },
          { added: ['apps/web/src/page.tsx'] },
        ],
      });
      const wrong = await gitlab(server, payload, gitlabHeaders('wrong-token'));
      expect(wrong.status).toBe(401);
      expect(runCount()).toBe(before);

      const headers = gitlabHeaders(token(), {
        delivery: '2d1c1a8e-9a30-4f4e-9a8f-0b6f7b3c2d1e',
      });
      const res = await gitlab(server, payload, headers);
      expect(res.status).toBe(200);
      expect(created(res)).toEqual(['platform/gl-api', 'platform/gl-web']);
      expect((await gitlab(server, payload, headers)).body).toMatchObject({
        duplicate: true,
        runsStarted: 0,
      });
      expect(runCount()).toBe(before + 2);
    });

    it('matches a push whose repository is only given in SSH form', async () => {
      const server = await backend();
      const payload = gitlabPushPayload({
        fullName: 'acme/mono',
        commits: [{ modified: ['services/api/handler.go'] }],
      }) as any;
      payload.project = {
        id: 15,
        name: 'mono',
        git_ssh_url: 'git@gitlab.com:acme/mono.git',
        path_with_namespace: 'acme/mono',
      };
      payload.repository = {
        name: 'mono',
        url: 'git@gitlab.com:acme/mono.git',
      };
      const res = await gitlab(server, payload, gitlabHeaders(token()));
      expect(res.status).toBe(200);
      expect(res.body.repository).toBe('');
      expect(created(res)).toEqual(['platform/gl-api']);
    });

    it('creates nothing for another branch or paths outside every appPath', async () => {
      const server = await backend();
      const before = runCount();
      const otherBranch = await gitlab(
        server,
        gitlabPushPayload({
          fullName: 'acme/mono',
          branch: 'develop',
          commits: [{ modified: ['services/api/x.go'] }],
        }),
        gitlabHeaders(token()),
      );
      const outside = await gitlab(
        server,
        gitlabPushPayload({
          fullName: 'acme/mono',
          commits: [{ modified: ['docs/x.md', 'README.md'] }],
        }),
        gitlabHeaders(token()),
      );
      expect([otherBranch.status, outside.status]).toEqual([200, 200]);
      expect([otherBranch.body.runsStarted, outside.body.runsStarted]).toEqual([
        0, 0,
      ]);
      expect(runCount()).toBe(before);
    });
  });

  describe('Bitbucket', () => {
    const hook = () => sandbox.endpoints.webhooks.bitbucketSecret;
    const bitbucket = (
      server: Server,
      payload: object,
      headers: (body: string) => Record<string, string>,
    ) => {
      const body = JSON.stringify(payload);
      return deliver(server, 'bitbucket', body, headers(body));
    };

    it('builds every matching component (no path information), once per delivery; a wrong signature is 401', async () => {
      const server = await backend();
      const before = runCount();
      const payload = bitbucketPushPayload({ fullName: 'acme/mono' });
      const wrong = await bitbucket(server, payload, body =>
        bitbucketHeaders('not-the-secret', body),
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toContain(
        'X-Hub-Signature does not match',
      );
      expect(runCount()).toBe(before);

      const signed = (body: string) =>
        bitbucketHeaders(hook(), body, {
          delivery: '69c56047-577b-46f9-a1dd-9c4e27273bc1',
        });
      const headers = signed(JSON.stringify(payload));
      const res = await bitbucket(server, payload, () => headers);
      expect(res.status).toBe(200);
      expect(created(res)).toEqual(['platform/bb-api', 'platform/bb-web']);
      const replay = await bitbucket(server, payload, () => ({
        ...headers,
        'X-Attempt-Number': '2',
      }));
      expect(replay.body).toMatchObject({ duplicate: true, runsStarted: 0 });
      expect(runCount()).toBe(before + 2);
    });

    it('creates nothing for a push to another branch', async () => {
      const server = await backend();
      const before = runCount();
      const res = await bitbucket(
        server,
        bitbucketPushPayload({ fullName: 'acme/mono', branch: 'hotfix' }),
        body => bitbucketHeaders(hook(), body),
      );
      expect(res.status).toBe(200);
      expect(res.body.runsStarted).toBe(0);
      expect(runCount()).toBe(before);
    });
  });

  describe('the autoBuild switch', () => {
    const path_ =
      '/api/openchoreo-build/components/default/default/reading-list-service/autobuild';

    it('shows autoBuild, the webhook URLs and whether the user may switch it; PUT merge-patches spec.autoBuild', async () => {
      const server = await backend();
      const auth = mockCredentials.user.header();
      const get = await request(server).get(path_).set('Authorization', auth);
      expect(get.status).toBe(200);
      expect(get.body as AutoBuildResponse).toMatchObject({
        namespace: 'default',
        project: 'default',
        component: 'reading-list-service',
        autoBuild: false,
        canUpdate: true,
        requireBranchMatch: true,
        repository: {
          url: 'https://github.com/openchoreo/sample-workloads',
          branch: 'main',
          appPath: '/service-go-reading-list',
        },
      });
      // The backend's external URL (the test backend listens on a random port)…
      expect(get.body.webhookUrls.github).toMatch(
        /^http:\/\/localhost:\d+\/api\/openchoreo-build\/webhooks\/github$/,
      );
      // …or the configured public one, which is what providers must reach.
      const published = await backend({
        webhooks: {
          publicBaseUrl: 'https://portal.example.com/api/openchoreo-build/',
        },
      });
      expect(
        (await request(published).get(path_).set('Authorization', auth)).body
          .webhookUrls,
      ).toEqual({
        github:
          'https://portal.example.com/api/openchoreo-build/webhooks/github',
        gitlab:
          'https://portal.example.com/api/openchoreo-build/webhooks/gitlab',
        bitbucket:
          'https://portal.example.com/api/openchoreo-build/webhooks/bitbucket',
      });
      const on = await request(server)
        .put(path_)
        .set('Authorization', auth)
        .send({ enabled: true });
      expect(on.status).toBe(200);
      expect(on.body.autoBuild).toBe(true);
      expect(
        (
          sandbox.controlPlane.get(
            OC,
            'components',
            'default',
            'reading-list-service',
          )!.spec as any
        ).autoBuild,
      ).toBe(true);

      // Now a push to its appPath builds it.
      const res = await github(
        server,
        githubPushPayload({ commits: [{ modified: [READING_LIST] }] }),
      );
      expect(created(res)).toEqual(['default/reading-list-service']);

      const off = await request(server)
        .patch(path_)
        .set('Authorization', auth)
        .send({ enabled: false });
      expect(off.status).toBe(200);
      expect(off.body.autoBuild).toBe(false);
      const none = await github(
        server,
        githubPushPayload({ commits: [{ modified: [READING_LIST] }] }),
      );
      expect(none.body.runsStarted).toBe(0);
    });

    it('refuses without permission (403, unchanged) and validates input', async () => {
      const denied = await backend({
        allowOnly: ['openchoreo.build.run.read'],
      });
      const auth = mockCredentials.user.header();
      const get = await request(denied).get(path_).set('Authorization', auth);
      expect(get.body.canUpdate).toBe(false);
      // Without read, nothing about the component is answered.
      const unreadable = await backend({ permission: AuthorizeResult.DENY });
      expect(
        (await request(unreadable).get(path_).set('Authorization', auth))
          .status,
      ).toBe(403);
      const res = await request(denied)
        .put(path_)
        .set('Authorization', auth)
        .send({ enabled: true });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'NotAllowedError',
        message: expect.stringContaining('openchoreo.build.autobuild.update'),
      });
      expect(
        (
          sandbox.controlPlane.get(
            OC,
            'components',
            'default',
            'reading-list-service',
          )!.spec as any
        ).autoBuild,
      ).toBe(false);

      const server = await backend();
      expect(
        (
          await request(server)
            .put(path_)
            .set('Authorization', auth)
            .send({ enabled: 'yes' })
        ).status,
      ).toBe(400);
      // No catalog entity claims default/other/reading-list-service: denied before any lookup.
      const wrongProject = await request(server)
        .get(
          '/api/openchoreo-build/components/default/other/reading-list-service/autobuild',
        )
        .set('Authorization', auth);
      expect(wrongProject.status).toBe(403);
      expect(wrongProject.body.error.message).toContain(
        'no catalog entity claims OpenChoreo component default/other/reading-list-service',
      );
      const unknownNamespace = await request(server)
        .get('/api/openchoreo-build/components/nope/default/x/autobuild')
        .set('Authorization', auth);
      expect(unknownNamespace.status).toBe(404);
    });
  });
});

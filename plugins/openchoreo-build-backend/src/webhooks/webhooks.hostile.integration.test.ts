import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { startSandbox } from '@openchoreo-build/sandbox';
import type { WebhookResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  bitbucketHeaders,
  bitbucketPushPayload,
  githubHeaders,
  githubPushPayload,
  gitlabHeaders,
  gitlabPushPayload,
} from './__testUtils__/payloads';
import {
  componentObject,
  createdBy,
  deliver,
  OC,
  webhookBackend,
  type BackendOptions,
  type Sandbox,
  type Server,
} from './__testUtils__/harness';
import { repositorySecretKey } from './secrets';

const GREETER = 'service-go-greeter/main.go';
const REACT = 'webapp-react-nginx/src/App.js';
const SHARED = 'https://github.com/shared/mono';
const B_ONLY = 'https://github.com/platform-team/tools';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Hostile deliveries (security review H4, M1, M7, L3, L4): forged and replayed pushes, pushes
 * signed with another org's secret, Bitbucket without a signature, and what the unauthenticated
 * answer gives away. The seed has default/greeter-service and acme/react-starter (both in
 * openchoreo/sample-workloads, autoBuild on); here acme and platform also build SHARED, each with
 * its own repository secret, and platform alone builds B_ONLY.
 */
describe('hostile webhook deliveries against a real sandbox', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  const global = () => sandbox.endpoints.webhooks.githubSecret;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-webhooks-hostile-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    for (const c of [
      componentObject('shared-a', 'acme', SHARED, '/svc'),
      componentObject('shared-b', 'platform', SHARED, '/svc'),
      componentObject('tools', 'platform', B_ONLY, '/'),
      componentObject(
        'broken',
        'platform',
        'https://github.com/shared/broken',
        '/',
      ),
    ]) {
      sandbox.controlPlane.create(c, 'components');
    }
    // A component whose workflow does not exist: its build fails to start, with detail.
    sandbox.controlPlane.mergePatch(OC, 'components', 'platform', 'broken', {
      spec: { workflow: { name: 'no-such-workflow' } },
    });
    const repositorySecrets = (
      namespace: string,
      data: Record<string, string>,
    ) =>
      sandbox.controlPlane.create(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'git-webhook-repository-secrets', namespace },
          type: 'Opaque',
          data,
        },
        'secrets',
      );
    repositorySecrets('acme', {
      [repositorySecretKey(SHARED)!]: b64('acme-shared-secret'),
    });
    repositorySecrets('platform', {
      [repositorySecretKey(SHARED)!]: b64('platform-shared-secret'),
      [repositorySecretKey(B_ONLY)!]: b64('platform-tools-secret'),
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const backend = (options: BackendOptions = {}) =>
    webhookBackend(sandbox, options);
  const runCount = () =>
    sandbox.controlPlane.list(OC, 'componentworkflowruns').length;
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
      githubHeaders(options.secret ?? global(), body, options),
    );
  }
  const sharedPush = (fullName = 'shared/mono') =>
    githubPushPayload({ fullName, commits: [{ modified: ['svc/main.go'] }] });

  describe('per-repository secrets', () => {
    let server: Server;
    beforeAll(async () => {
      server = await backend();
    });

    it('builds only the components of the org whose secret signed the delivery', async () => {
      const before = runCount();
      const res = await github(server, sharedPush(), {
        secret: 'acme-shared-secret',
      });
      expect(res.status).toBe(200);
      expect(createdBy(sandbox, res)).toEqual(['acme/shared-a']);
      const other = await github(server, sharedPush(), {
        secret: 'platform-shared-secret',
      });
      expect(createdBy(sandbox, other)).toEqual(['platform/shared-b']);
      expect(runCount()).toBe(before + 2);
    });

    it('does not accept the global secret for a repository that has its own', async () => {
      const before = runCount();
      // `default` has no secret for SHARED, so the global one authenticates the delivery there —
      // where nothing builds SHARED; acme and platform, which have one, build nothing.
      const res = await github(server, sharedPush());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        runsStarted: 0,
        message: expect.stringContaining('Nothing was created'),
      });
      // Without any org accepting the global secret for it, the delivery is not authentic at all.
      const only = await backend({ namespaces: ['acme', 'platform'] });
      const refused = await github(only, sharedPush());
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toContain(
        'X-Hub-Signature-256 does not match the webhook secret of this repository',
      );
      expect(runCount()).toBe(before);
    });

    it('refuses a delivery signed with org A’s secret claiming a repository whose components live in org B', async () => {
      const before = runCount();
      const res = await github(
        server,
        githubPushPayload({
          fullName: 'platform-team/tools',
          commits: [{ modified: ['x.go'] }],
        }),
        { secret: 'acme-shared-secret' },
      );
      expect(res.status).toBe(401);
      // Naming both repositories changes nothing: each org and repository pair needs its own secret.
      const both = sharedPush() as { repository: Record<string, unknown> };
      both.repository.url = `${B_ONLY}.git`;
      const mixed = await github(server, both, {
        secret: 'acme-shared-secret',
      });
      expect(createdBy(sandbox, mixed)).toEqual(['acme/shared-a']);
      expect(runCount()).toBe(before + 1);
      expect(
        sandbox.controlPlane
          .list(OC, 'componentworkflowruns', 'platform')
          .filter(
            r =>
              (r.spec as { owner?: { componentName?: string } }).owner
                ?.componentName === 'tools',
          ),
      ).toEqual([]);
    });

    it('keeps the global secret for orgs without one for the repository, and answers a ping signed with a repository secret', async () => {
      const res = await github(
        server,
        githubPushPayload({ commits: [{ modified: [GREETER, REACT] }] }),
      );
      expect(createdBy(sandbox, res)).toEqual([
        'acme/react-starter',
        'default/greeter-service',
      ]);
      const ping = await github(
        server,
        {
          zen: 'Approachable is better than simple.',
          hook_id: 2,
          repository: { html_url: SHARED },
        },
        { event: 'ping', secret: 'platform-shared-secret' },
      );
      expect(ping.status).toBe(202);
    });
  });

  describe('the unauthenticated answer', () => {
    it('counts runs and names no component, namespace, run or error; the audit log has them', async () => {
      const success = jest.fn(async () => {});
      const fail = jest.fn(async () => {});
      const auditor = mockServices.auditor.mock({
        createEvent: jest.fn(async () => ({ success, fail })),
      });
      const server = await backend({ auditor });
      const res = await github(
        server,
        githubPushPayload({ commits: [{ modified: [GREETER, REACT] }] }),
      );
      expect(res.status).toBe(200);
      const body = res.body as WebhookResponse;
      expect(body).toMatchObject({
        runsStarted: 2,
        runsAlreadyStarted: 0,
        runsFailed: 0,
        message: '2 build(s) started.',
      });
      const text = JSON.stringify(body);
      for (const secret of [
        'greeter-service',
        'react-starter',
        'acme',
        '"default"',
        'workflow-',
      ])
        expect(text).not.toContain(secret);
      expect(success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          matchedComponents: expect.arrayContaining([
            'default/greeter-service',
            'acme/react-starter',
          ]),
          createdRuns: expect.arrayContaining([
            expect.stringMatching(/^default\/greeter-service-workflow-/),
          ]),
        }),
      });

      const broken = await github(
        server,
        githubPushPayload({
          fullName: 'shared/broken',
          commits: [{ modified: ['x'] }],
        }),
      );
      expect(broken.status).toBe(422);
      expect(broken.body).toMatchObject({
        runsStarted: 0,
        runsFailed: 1,
        message:
          "0 build(s) started; 1 failed to start (see the portal's log).",
      });
      expect(JSON.stringify(broken.body)).not.toMatch(
        /broken"|platform|no-such-workflow/,
      );
      expect(fail).toHaveBeenCalledWith(
        expect.objectContaining({
          meta: expect.objectContaining({
            failures: [
              expect.stringMatching(/^platform\/broken: .*no-such-workflow/),
            ],
          }),
        }),
      );
    });
  });

  describe('replays and delivery ids', () => {
    it('builds a push once whatever delivery id it comes with, also after a restart; no id is 400', async () => {
      const server = await backend();
      const payload = githubPushPayload({ commits: [{ modified: [GREETER] }] });
      const before = runCount();
      const first = await github(server, payload, { delivery: 'replay-a' });
      expect(first.body).toMatchObject({ runsStarted: 1, duplicate: false });
      const renamed = await github(server, payload, { delivery: 'replay-b' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        runsStarted: 0,
        runsAlreadyStarted: 1,
        duplicate: true,
      });

      const body = JSON.stringify(payload);
      const { ['X-GitHub-Delivery']: _id, ...anonymous } = githubHeaders(
        global(),
        body,
      );
      const noId = await deliver(server, 'github', body, anonymous);
      expect(noId.status).toBe(400);
      expect(noId.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining('missing X-GitHub-Delivery header'),
      });

      const restarted = await backend();
      const afterRestart = await github(restarted, payload, {
        delivery: 'replay-c',
      });
      expect(afterRestart.body).toMatchObject({
        runsStarted: 0,
        duplicate: true,
      });
      expect(runCount()).toBe(before + 1);
    });

    it('refuses GitLab and Bitbucket deliveries without their delivery id headers', async () => {
      const server = await backend();
      const gitlabBody = JSON.stringify(
        gitlabPushPayload({ fullName: 'acme/mono' }),
      );
      const { ['X-Gitlab-Event-UUID']: _uuid, ...gitlab } = gitlabHeaders(
        sandbox.endpoints.webhooks.gitlabSecret,
      );
      const gl = await deliver(server, 'gitlab', gitlabBody, gitlab);
      expect([gl.status, gl.body.error.message]).toEqual([
        400,
        expect.stringContaining(
          'missing Idempotency-Key or X-Gitlab-Event-UUID header',
        ),
      ]);
      const bitbucketBody = JSON.stringify(
        bitbucketPushPayload({ fullName: 'acme/mono' }),
      );
      const { ['X-Request-UUID']: _request, ...bitbucket } = bitbucketHeaders(
        sandbox.endpoints.webhooks.bitbucketSecret,
        bitbucketBody,
      );
      const bb = await deliver(server, 'bitbucket', bitbucketBody, bitbucket);
      expect([bb.status, bb.body.error.message]).toEqual([
        400,
        expect.stringContaining('missing X-Request-UUID header'),
      ]);
    });
  });

  describe('Bitbucket', () => {
    const hookUuid = '{5f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f}';
    const payload = () =>
      JSON.stringify(bitbucketPushPayload({ fullName: 'acme/mono' }));

    it('refuses the hook UUID alone, even when it equals the secret', async () => {
      const server = await backend({ webhooks: { bitbucketSecret: hookUuid } });
      const body = payload();
      const res = await deliver(
        server,
        'bitbucket',
        body,
        bitbucketHeaders('', body, { hookUuid, unsigned: true }),
      );
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(
        /missing X-Hub-Signature header.*X-Hook-UUID alone is not accepted/,
      );
    });

    it('accepts it only in the documented legacy mode, where a wrong signature still fails', async () => {
      const server = await backend({
        webhooks: {
          bitbucketSecret: hookUuid,
          dangerouslyAllowBitbucketHookUuid: true,
        },
      });
      const body = payload();
      const legacy = await deliver(
        server,
        'bitbucket',
        body,
        bitbucketHeaders('', body, { hookUuid, unsigned: true }),
      );
      expect(legacy.status).toBe(200);
      const forged = await deliver(
        server,
        'bitbucket',
        body,
        bitbucketHeaders('guess', body, { hookUuid }),
      );
      expect(forged.status).toBe(401);
    });
  });

  it('accepts a 5 MB signed push and refuses one over 25 MB with 413 naming the limit', async () => {
    const server = await backend();
    const big = JSON.stringify({
      ...githubPushPayload({ commits: [{ modified: ['README.md'] }] }),
      padding: 'x'.repeat(5 * 1024 * 1024),
    });
    const accepted = await github(server, JSON.parse(big));
    expect(accepted.status).toBe(200);
    const huge = JSON.stringify({
      ...githubPushPayload(),
      padding: 'x'.repeat(26 * 1024 * 1024),
    });
    const refused = await deliver(
      server,
      'github',
      huge,
      githubHeaders(global(), huge),
    );
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toBe(
      'Webhook payload exceeds the 25mb limit',
    );
  });
});

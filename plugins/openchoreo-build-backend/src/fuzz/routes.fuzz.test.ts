import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { send, type FuzzAnswer, type FuzzCase } from './client';
import {
  Gen,
  hostileBodyText,
  hostileHeaders,
  hostileId,
  hostileQuery,
  jsonValue,
  prng,
  holosPlanBody,
  runBody,
} from './generators';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

/**
 * Hostile ids, query strings, headers and bodies against every route of the plugin, on a real
 * in-process sandbox: no 5xx, every 4xx names what it refuses, and no credential of the sandbox
 * appears in any answer (body, headers or event stream). Deterministic: FUZZ_SEED and FUZZ_CASES
 * reproduce a run; a failure prints its case number.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260101);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
/**
 * Wall-clock budget: on a loaded machine (the whole package's suites run in parallel) the run stops
 * starting cases after this long; every case is still the one its number and the seed define.
 */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 75_000);
const MIN_CASES = Math.min(CASES, 1000);
const CONCURRENCY = 8;
/** FUZZ_DEBUG=3,63: print these cases and their answers in full. */
const DEBUG = (process.env.FUZZ_DEBUG ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number);
const STREAM_MS = 250;
const OC = 'openchoreo.dev/v1alpha1';

type Method = FuzzCase['method'];
type BodyKind = 'none' | 'run' | 'autobuild' | 'webhook' | 'holos';

/** Every route of service/router.ts, logs/logsRouter.ts and webhooks/routes.ts. */
const ROUTES: Array<{ method: Method; pattern: string; body: BodyKind }> = [
  { method: 'GET', pattern: '/health', body: 'none' },
  { method: 'GET', pattern: '/buildplanes', body: 'none' },
  { method: 'GET', pattern: '/buildplanes/:ns/:plane', body: 'none' },
  { method: 'GET', pattern: '/workflows', body: 'none' },
  {
    method: 'GET',
    pattern: '/components/:ns/:project/:component',
    body: 'none',
  },
  {
    method: 'GET',
    pattern: '/components/:ns/:project/:component/workflows',
    body: 'none',
  },
  {
    method: 'GET',
    pattern: '/components/:ns/:project/:component/autobuild',
    body: 'none',
  },
  {
    method: 'PUT',
    pattern: '/components/:ns/:project/:component/autobuild',
    body: 'autobuild',
  },
  {
    method: 'GET',
    pattern: '/components/:ns/:project/:component/autobuild/deliveries',
    body: 'none',
  },
  {
    method: 'PATCH',
    pattern: '/components/:ns/:project/:component/autobuild',
    body: 'autobuild',
  },
  { method: 'GET', pattern: '/runs', body: 'none' },
  { method: 'POST', pattern: '/runs', body: 'run' },
  { method: 'GET', pattern: '/runs/:ns/:name', body: 'none' },
  { method: 'POST', pattern: '/runs/:ns/:name/rerun', body: 'none' },
  { method: 'POST', pattern: '/runs/:ns/:name/cancel', body: 'none' },
  { method: 'GET', pattern: '/runs/:ns/:name/steps/:step/logs', body: 'none' },
  { method: 'GET', pattern: '/events', body: 'none' },
  { method: 'POST', pattern: '/webhooks/:provider', body: 'webhook' },
  { method: 'GET', pattern: '/holos/buildplans', body: 'none' },
  { method: 'POST', pattern: '/holos/buildplans/validate', body: 'holos' },
];

/** The first known-good values of each path parameter; the rest are filled in from the sandbox. */
const KNOWN: Record<string, string[]> = {
  ns: ['default', 'acme', 'platform'],
  plane: ['default', 'acme-build-plane', 'platform-build-plane'],
  project: ['default'],
  component: ['greeter-service', 'reading-list-service'],
  name: [],
  step: ['build-step', 'push-step'],
  provider: ['github', 'gitlab', 'bitbucket'],
};

/**
 * Answers that name something other than a field: 401 the credentials, 403 the permission, and
 * 431, which Node's HTTP parser sends (without a body) before any route runs.
 */
const STATUS_NAMES: Record<number, RegExp> = {
  401: /credentials|token|authoriz/i,
  403: /permission/i,
  431: /^/,
};

/**
 * 4xx answers without a field name that come from files this test's author does not own; each is
 * reported (the summary counts them) instead of failing the run. 5xx and leaks are never listed
 * here. Remove an entry once its owner fixes it.
 */
const ELSEWHERE: Array<{
  route: RegExp;
  status: number;
  message: RegExp;
  why: string;
}> = [];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A header named in a message, whether or not the request sent it (e.g. "missing X-Request-UUID"). */
const HEADER_NAME =
  /(^|[^A-Za-z0-9-])(X-[A-Za-z0-9-]+|Content-(Type|Length|Encoding)|Last-Event-ID|Authorization|Idempotency-Key)($|[^A-Za-z0-9-])/i;

/**
 * Whether a 4xx message names one of the request's fields: a parameter, query key, header or body
 * field as a word (not inside another), a header by name, or a value quoted as given.
 */
function namesAField(message: string, names: string[]): boolean {
  if (HEADER_NAME.test(message)) return true;
  return names.some(
    name =>
      (name.length >= 1 &&
        new RegExp(
          `(^|[^A-Za-z0-9])${escapeRegExp(name)}($|[^A-Za-z0-9])`,
          'i',
        ).test(message)) ||
      (name.length >= 1 &&
        (message.includes(`'${name}'`) || message.includes(`"${name}"`))),
  );
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

describe('route fuzz (real sandbox)', () => {
  type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
  let sandbox: Sandbox;
  let stateDir: string;
  let baseUrl: string;
  let agent: http.Agent;
  let secrets: string[];
  let webhookSecrets: Record<string, string>;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-fuzz-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    const { controlPlane, buildPlane, clusterGateway, observer, webhooks } =
      sandbox.endpoints;
    const { server } = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({ data: sandboxPluginConfig(sandbox) }),
      ],
    });
    baseUrl = `http://127.0.0.1:${
      (server.address() as { port: number }).port
    }/api/openchoreo-build`;
    agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    webhookSecrets = {
      github: webhooks.githubSecret,
      gitlab: webhooks.gitlabSecret,
      bitbucket: webhooks.bitbucketSecret,
    };

    // Every credential of the seed: endpoint tokens and keys, and each value of every Secret.
    const fromSecrets = [sandbox.controlPlane, sandbox.buildPlane].flatMap(
      cluster =>
        cluster.list('v1', 'secrets').flatMap(secret => {
          const data = (secret as { data?: Record<string, string> }).data ?? {};
          const stringData =
            (secret as { stringData?: Record<string, string> }).stringData ??
            {};
          return [
            ...Object.values(data).map(v =>
              Buffer.from(v, 'base64').toString('utf8'),
            ),
            ...Object.values(stringData),
          ];
        }),
    );
    const keyBody = (pemBase64: string) =>
      Buffer.from(pemBase64, 'base64')
        .toString('utf8')
        .split('\n')
        .filter(l => l && !l.startsWith('-----'));
    secrets = [
      controlPlane.token,
      controlPlane.readOnlyToken,
      buildPlane.token,
      buildPlane.readOnlyToken,
      observer.password,
      // The client secret the backend trades for the observer's JWT.
      observer.auth.type === 'jwt' ? observer.auth.clientSecret : undefined,
      clusterGateway.clientKeyData,
      ...keyBody(clusterGateway.clientKeyData),
      webhooks.githubSecret,
      webhooks.gitlabSecret,
      webhooks.bitbucketSecret,
      ...fromSecrets,
    ].filter((s): s is string => typeof s === 'string' && s.trim().length >= 8);
    // Base64 of a key or token leaks it just the same.
    secrets = [
      ...new Set([
        ...secrets,
        ...secrets
          .filter(s => s.length >= 12)
          .map(s => Buffer.from(s).toString('base64')),
      ]),
    ];

    KNOWN.name = sandbox.controlPlane
      .list(OC, 'componentworkflowruns')
      .map(r => r.metadata?.name ?? '')
      .filter(Boolean)
      .slice(0, 6);
  });

  afterAll(async () => {
    agent?.destroy();
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  function makeCase(n: number): FuzzCase {
    const gen = new Gen(prng(SEED + n * 7919));
    const route = gen.pick(ROUTES);
    const names = ['path', 'query', 'body'];
    const segments = route.pattern.split('/').map(part => {
      if (!part.startsWith(':')) return part;
      const param = part.slice(1);
      const value =
        gen.chance(0.6) && KNOWN[param].length
          ? gen.pick(KNOWN[param])
          : hostileId(gen);
      names.push(param, decode(value));
      return value;
    });
    // Express calls the name of a route's own parameter what the router calls it.
    if (route.pattern.includes(':plane')) names.push('name');
    const query = gen.chance(0.6) ? hostileQuery(gen) : '';
    for (const pair of query.slice(1).split('&'))
      names.push(decode(pair.split('=')[0]).replace(/\[.*$/, ''));

    let body: string | undefined;
    if (route.body !== 'none' || gen.chance(0.1)) {
      const value = () => {
        if (route.body === 'run') return runBody(gen);
        if (route.body === 'holos')
          return gen.chance(0.5) ? holosPlanBody(gen) : jsonValue(gen, 5);
        if (route.body === 'autobuild')
          return gen.chance(0.6)
            ? { enabled: gen.pick([true, false, 'true', 1, null]) }
            : jsonValue(gen, 3);
        return jsonValue(gen, 5);
      };
      body = hostileBodyText(gen, value);
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed && typeof parsed === 'object')
          names.push(...Object.keys(parsed));
      } catch {
        // not JSON: "body" names it
      }
    }
    const provider =
      route.body === 'webhook' ? segments[segments.length - 1] : undefined;
    const headers = hostileHeaders(gen, {
      provider,
      secrets: webhookSecrets,
      body: body ?? '',
    });
    const auth = gen.random();
    if (auth < 0.9) headers.authorization = mockCredentials.user.header();
    else if (auth < 0.95)
      headers.authorization = gen.pick([
        'Bearer',
        'Bearer x',
        'Basic YTpi',
        `Bearer ${'x'.repeat(3000)}`,
      ]);
    // A Content-Length that promises more than comes (sent on a connection of its own, so the
    // next case's bytes are not read as the rest of this body).
    const incomplete = body !== undefined && gen.chance(0.03);
    if (incomplete && body !== undefined)
      headers['content-length'] = String(Buffer.byteLength(body) + 10);
    names.push(...Object.keys(headers));
    return {
      n,
      route: `${route.method} ${route.pattern}`,
      method: route.method,
      path: `${segments.join('/')}${query}`,
      headers,
      body,
      names,
      incomplete,
    };
  }

  it(`answers ${CASES} hostile requests without a 5xx, naming what it refuses, leaking nothing`, async () => {
    const started = Date.now();
    /** Findings grouped by kind, route, status and message shape: one line per distinct problem. */
    const findings = new Map<string, { count: number; first: string }>();
    const knownElsewhere = new Map<string, number>();
    const tally = {
      cases: 0,
      unsent: 0,
      ok: 0,
      c4xx: 0,
      c5xx: 0,
      leaks: 0,
      unnamed: 0,
    };
    const byRoute = new Map<string, number>();
    const note = (
      kind: string,
      c: FuzzCase,
      status: number,
      message: string,
    ) => {
      const shape = message
        .replace(/"[^"]*"|'[^']*'/g, '"…"')
        .replace(/\d+/g, 'N')
        .slice(0, 160);
      const key = `${kind} ${c.route} ${status} ${shape}`;
      const finding = findings.get(key) ?? {
        count: 0,
        first: `case ${c.n} ${c.method} ${c.path.slice(
          0,
          120,
        )}: ${message.slice(0, 300)}`,
      };
      finding.count += 1;
      findings.set(key, finding);
    };

    const check = (c: FuzzCase, answer: FuzzAnswer) => {
      byRoute.set(c.route, (byRoute.get(c.route) ?? 0) + 1);
      for (const secret of secrets) {
        if (
          answer.text.includes(secret) ||
          answer.rawHeaders.includes(secret)
        ) {
          tally.leaks += 1;
          note(
            'LEAK',
            c,
            answer.status,
            `a seed credential (${secret.slice(0, 4)}…) in the answer`,
          );
        }
      }
      if (answer.status >= 500 || answer.status === 0) {
        tally.c5xx += 1;
        note('5xx', c, answer.status, answer.text.slice(0, 300));
        return;
      }
      if (answer.status < 400) {
        tally.ok += 1;
        return;
      }
      tally.c4xx += 1;
      let message = answer.text;
      let stack: unknown;
      try {
        const parsed = JSON.parse(answer.text) as {
          error?: { message?: string; stack?: unknown };
          message?: string;
        };
        message = parsed.error?.message ?? parsed.message ?? answer.text;
        stack = parsed.error?.stack;
      } catch {
        // not JSON: the text itself is the message
      }
      if (stack !== undefined) note('stack', c, answer.status, message);
      if (
        STATUS_NAMES[answer.status]?.test(message) ||
        namesAField(message, c.names)
      )
        return;
      const elsewhere = ELSEWHERE.find(
        k =>
          k.route.test(c.route) &&
          k.status === answer.status &&
          k.message.test(message),
      );
      if (elsewhere) {
        knownElsewhere.set(
          elsewhere.why,
          (knownElsewhere.get(elsewhere.why) ?? 0) + 1,
        );
        return;
      }
      tally.unnamed += 1;
      note('unnamed', c, answer.status, message || '(empty body)');
    };

    let next = 0;
    const worker = async () => {
      for (;;) {
        const n = next;
        next += 1;
        if (n >= CASES || Date.now() - started > BUDGET_MS) return;
        const c = makeCase(n);
        tally.cases += 1;
        const answer = await send(baseUrl, agent, c, STREAM_MS);
        if (DEBUG.includes(n)) {
          // eslint-disable-next-line no-console
          console.log(
            JSON.stringify({ case: c, answer }, null, 1).slice(0, 4000),
          );
        }
        if (!answer) tally.unsent += 1;
        else check(c, answer);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const elsewhereCount = [...knownElsewhere.values()].reduce(
      (a, b) => a + b,
      0,
    );
    // The one summary line the issue asks for (plus what is known to be elsewhere).
    const elsewhereLines = [...knownElsewhere]
      .map(([why, count]) => `\n  known elsewhere ×${count}: ${why}`)
      .join('');
    // eslint-disable-next-line no-console
    console.log(
      `route fuzz: seed ${SEED}, cases ${tally.cases}, 2xx/3xx ${tally.ok}, 4xx ${tally.c4xx}, 5xx ${tally.c5xx}, leaks ${tally.leaks}, ` +
        `unnamed 4xx ${tally.unnamed} (+${elsewhereCount} known elsewhere), unsent ${tally.unsent}, routes ${byRoute.size}/${ROUTES.length}, ${seconds} s${elsewhereLines}`,
    );
    expect(tally.cases).toBeGreaterThanOrEqual(MIN_CASES);
    expect(byRoute.size).toBe(ROUTES.length);
    expect(tally.unsent).toBeLessThan(CASES * 0.05);
    expect(
      [...findings].map(
        ([key, f]) => `${key.split(' ')[0]} ×${f.count} ${f.first}`,
      ),
    ).toEqual([]);
  }, 240_000);
});

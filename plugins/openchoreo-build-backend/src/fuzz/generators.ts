import { createHmac } from 'node:crypto';

/**
 * Deterministic generators of hostile requests for the route fuzz test: ids, query strings,
 * headers and bodies, drawn from a seeded PRNG so a failure reproduces from its case number.
 */

/** mulberry32: tiny, fast and good enough to spread cases; the seed fixes every case. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(readonly random: () => number) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Random text over an alphabet that includes path, shell, JSON and unicode trouble. */
  text(maxLength = 40): string {
    const alphabet =
      'aZ09-_./~%$`;|&"\'\\ \t\n\r(){}[]<>!#*?:@=+,é漢\u0000\u007f\u202e😀';
    const chars = Array.from(alphabet);
    let out = '';
    const length = this.int(maxLength + 1);
    for (let i = 0; i < length; i += 1) out += this.pick(chars);
    return out;
  }
}

/** Ids a path segment may hold: valid-looking, hostile, encoded and oversized. */
const HOSTILE_IDS = [
  '',
  '.',
  '..',
  '%2e%2e',
  '%2E',
  '%00',
  '%0a',
  '%0d%0aX-Injected:%201',
  '%',
  '%zz',
  '%E0%A4%A',
  '%F0%9F%98%80',
  'UPPER',
  'a_b',
  '-leading',
  'trailing-',
  'a..b',
  'a.b',
  '$(id)',
  '%60id%60',
  '%3Bid',
  'a%2Fb',
  'a%20b',
  'x'.repeat(254),
  'y'.repeat(5000),
  '__proto__',
  'constructor',
  'toString',
  'null',
  'undefined',
  '0',
  '-1',
  'default',
  'acme',
  'no-such-thing',
  'greeter-service',
  'build-step',
  'step(1)',
  '[0]',
];

export function hostileId(gen: Gen): string {
  if (gen.chance(0.25))
    return encodeURIComponent(gen.text(gen.pick([8, 80, 400])));
  return gen.pick(HOSTILE_IDS);
}

const QUERY_KEYS = [
  'entityRef',
  'namespace',
  'project',
  'component',
  'workflow',
  'status',
  'limit',
  'cursor',
  'follow',
  'download',
  'timestamps',
  'offset',
  'lastEventId',
  'enabled',
  '__proto__',
  'constructor',
  'toString',
  'namespace[]',
  'namespace[a]',
  'limit[0]',
  'x',
  '',
];

const QUERY_VALUES = [
  '',
  'component%3Adefault%2Fgreeter-service',
  'component%3A..%2F..',
  'default',
  'acme',
  'Default',
  'nope',
  '0',
  '-1',
  '1e999',
  'NaN',
  '5000',
  '1.5',
  'true',
  'false',
  '1',
  'Running',
  'Succeeded,Bogus',
  'a'.repeat(9000),
  '%00',
  '%',
  '%zz',
  '$(id)',
  '%0a',
  'eyJuYW1lIjoieCJ9',
  '!!!',
  '../..',
];

/** A query string (`?…`), percent-encoded or deliberately raw-but-sendable. */
export function hostileQuery(gen: Gen): string {
  if (gen.chance(0.15)) return '';
  const pairs: string[] = [];
  const count = 1 + gen.int(gen.chance(0.05) ? 300 : 4);
  for (let i = 0; i < count; i += 1) {
    const key = gen.chance(0.85)
      ? gen.pick(QUERY_KEYS)
      : encodeURIComponent(gen.text(12));
    const value = gen.chance(0.75)
      ? gen.pick(QUERY_VALUES)
      : encodeURIComponent(gen.text(30));
    pairs.push(gen.chance(0.05) ? key : `${key}=${value}`);
  }
  return `?${pairs.join('&')}`;
}

/** A JSON value up to `depth` levels, with hostile strings and keys. */
export function jsonValue(gen: Gen, depth: number): unknown {
  const kind = depth <= 0 ? gen.int(4) : gen.int(6);
  switch (kind) {
    case 0:
      return gen.chance(0.5)
        ? gen.text(30)
        : gen.pick([
            '$(id)',
            '`id`',
            'a\nb',
            'main;id',
            'https://x/$(id)',
            '',
            '0',
          ]);
    case 1:
      return gen.pick([0, -1, 1.5, 1e308, -0, 2 ** 53]);
    case 2:
      return gen.pick([true, false]);
    case 3:
      return null;
    case 4:
      return Array.from({ length: gen.int(4) }, () =>
        jsonValue(gen, depth - 1),
      );
    default: {
      const object: Record<string, unknown> = {};
      const keys = gen.int(5);
      for (let i = 0; i < keys; i += 1) {
        object[
          gen.chance(0.7)
            ? gen.pick([
                'namespace',
                'project',
                'component',
                'workflow',
                'systemParameters',
                'repository',
                'revision',
                'branch',
                'commit',
                'url',
                'appPath',
                'parameters',
                'docker',
                'enabled',
                'ref',
                'after',
                'constructor',
              ])
            : gen.text(10)
        ] = jsonValue(gen, depth - 1);
      }
      return object;
    }
  }
}

/** A create-run body that is mostly right, so the deeper checks get exercised. */
/** A Holos BuildPlan (v1alpha6) with hostile paths, kinds and names in its tasks. */
export function holosPlanBody(gen: Gen): unknown {
  const path = () =>
    gen.pick([
      'out.yaml',
      'components/x',
      '../../etc/passwd',
      '',
      gen.text(20),
    ]);
  return {
    apiVersion: gen.chance(0.9) ? 'v1alpha6' : gen.text(10),
    kind: gen.chance(0.9) ? 'BuildPlan' : gen.pick(['Platform', '', 'Pod']),
    metadata: { name: gen.chance(0.8) ? 'fuzz' : jsonValue(gen, 2) },
    spec: {
      artifacts: Array.from({ length: gen.int(3) }, () => ({
        artifact: path(),
        generators: [
          {
            kind: gen.pick(['Resources', 'Helm', 'File', 'Command', '$(id)']),
            output: path(),
            command: { args: [gen.pick(['sh', '-c', '$(id)', gen.text(8)])] },
          },
        ],
        transformers: gen.chance(0.5)
          ? [{ kind: 'Join', inputs: [path()], output: path() }]
          : jsonValue(gen, 2),
      })),
    },
  };
}

export function runBody(gen: Gen): unknown {
  const body: Record<string, unknown> = {
    namespace: gen.chance(0.8) ? 'default' : hostileId(gen),
    project: gen.chance(0.9) ? 'default' : hostileId(gen),
    component: gen.chance(0.8)
      ? gen.pick(['greeter-service', 'reading-list-service'])
      : hostileId(gen),
  };
  if (gen.chance(0.5)) {
    body.systemParameters = {
      repository: {
        ...(gen.chance(0.5)
          ? {
              url: gen.pick([
                'https://github.com/openchoreo/sample-workloads',
                'https://x/$(id)',
                'git@github.com:o/r.git',
                'ftp://x/y',
                gen.text(40),
              ]),
            }
          : {}),
        ...(gen.chance(0.5)
          ? {
              revision: {
                branch: gen.pick([
                  'main',
                  'main;id',
                  'a..b',
                  '-x',
                  gen.text(20),
                ]),
                ...(gen.chance(0.3)
                  ? { commit: gen.pick(['abc1234', 'xyz', '']) }
                  : {}),
              },
            }
          : {}),
        ...(gen.chance(0.3)
          ? {
              appPath: gen.pick([
                '/service-go-greeter',
                '/a$(id)',
                gen.text(20),
              ]),
            }
          : {}),
      },
    };
  }
  if (gen.chance(0.6))
    body.parameters = gen.chance(0.7)
      ? {
          docker: {
            context: gen.pick(['.', 'a`id`', gen.text(20)]),
            filePath: gen.pick(['./Dockerfile', 'a\nb', gen.text(20)]),
          },
        }
      : jsonValue(gen, 4);
  if (gen.chance(0.2))
    body[gen.pick(['extra', 'workflow', '__proto__'])] = jsonValue(gen, 2);
  return body;
}

/** Raw body text: JSON from `value`, or something worse. */
export function hostileBodyText(gen: Gen, value: () => unknown): string {
  const roll = gen.int(20);
  if (roll === 0) return '';
  if (roll === 1) return '{"a":';
  if (roll === 2) return `${'['.repeat(3000)}1${']'.repeat(3000)}`;
  if (roll === 3)
    return JSON.stringify({
      namespace: 'default',
      project: 'default',
      component: 'greeter-service',
      parameters: { big: 'x'.repeat(300 * 1024) },
    });
  if (roll === 4) return gen.text(200);
  if (roll === 5) return '"a string"';
  if (roll === 6)
    return `{"parameters":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
  return JSON.stringify(value());
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=ebcdic',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/*+json',
];

export interface HeaderOptions {
  /** A delivery's provider: add its signature / token headers (valid when `secrets` holds its secret). */
  provider?: string;
  secrets?: Record<string, string>;
  body: string;
}

/** Headers of a request: some garbage, some of what the routes read. */
export function hostileHeaders(
  gen: Gen,
  options: HeaderOptions,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (gen.chance(0.8)) headers['content-type'] = gen.pick(CONTENT_TYPES);
  if (gen.chance(0.2))
    headers.accept = gen.pick([
      'text/event-stream',
      '*/*',
      'application/json',
      'text/html',
      gen.text(20).replace(/[^ -~]/g, ''),
    ]);
  if (gen.chance(0.15))
    headers['last-event-id'] = gen.pick([
      '1',
      '-1',
      'abc',
      '99999999999999999999',
      '0',
      '1.5',
    ]);
  if (gen.chance(0.05))
    headers['content-encoding'] = gen.pick([
      'gzip',
      'br',
      'deflate',
      'bogus',
      'identity',
    ]);
  if (gen.chance(0.05))
    headers['x-forwarded-for'] = gen.pick([
      '127.0.0.1',
      'x'.repeat(2000),
      '::1, evil',
    ]);
  if (gen.chance(0.05))
    headers['if-none-match'] = gen.pick(['*', '"x"', 'W/"1"']);
  const { provider, secrets = {}, body } = options;
  if (provider) {
    const signed = gen.chance(0.4);
    if (gen.chance(0.8))
      headers['x-github-event'] = gen.pick([
        'push',
        'ping',
        'pull_request',
        '',
        'Push',
        gen.text(10).replace(/[^ -~]/g, ''),
      ]);
    if (gen.chance(0.5))
      headers['x-gitlab-event'] = gen.pick([
        'Push Hook',
        'Tag Push Hook',
        'System Hook',
        '',
      ]);
    if (gen.chance(0.5))
      headers['x-event-key'] = gen.pick([
        'repo:push',
        'pullrequest:created',
        '',
      ]);
    if (gen.chance(0.5))
      headers['x-github-delivery'] = gen.pick([
        '',
        'd-1',
        'x'.repeat(600),
        gen.text(20).replace(/[^ -~]/g, ''),
      ]);
    if (gen.chance(0.3))
      headers['x-request-uuid'] = gen.pick(['{abc}', '', 'u-1']);
    if (gen.chance(0.3)) headers['idempotency-key'] = gen.pick(['k-1', '']);
    const secret = Object.prototype.hasOwnProperty.call(secrets, provider)
      ? secrets[provider]
      : undefined;
    const hmac = (key: string) =>
      `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
    if (provider === 'github' || gen.chance(0.3))
      headers['x-hub-signature-256'] =
        signed && secret
          ? hmac(secret)
          : gen.pick(['', 'sha256=00', 'sha1=abc', hmac('wrong')]);
    if (provider === 'gitlab' || gen.chance(0.3))
      headers['x-gitlab-token'] =
        signed && secret ? secret : gen.pick(['', 'token', 'x'.repeat(300)]);
    if (provider === 'bitbucket' || gen.chance(0.3))
      headers['x-hub-signature'] =
        signed && secret ? hmac(secret) : gen.pick(['', 'sha256=zz']);
    if (gen.chance(0.3))
      headers['x-hook-uuid'] =
        signed && secret && provider === 'bitbucket'
          ? `{${secret}}`
          : gen.pick(['{00000000-0000-0000-0000-000000000000}', '', 'x']);
  }
  // Header values a client can send at all: Node refuses control characters outright.
  for (const [name, value] of Object.entries(headers))
    headers[name] = value.replace(/[^\t\x20-\x7e]/g, '');
  return headers;
}

import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { LineBatch } from './lineBatch';
import { formatLogEventId, parseLogEventId } from './resumeId';
import { StepLogSession } from './StepLogSession';
import type { StepLocation, StepLocator } from './stepLocator';
import { StaticObserverCredentials } from '../observer/observerAuth';
import { PARTIAL_RECORD_BYTES } from './StepArchive';

/**
 * Resume and source switches against hostile-but-real log sources: a kubelet that rotated the
 * start of the log away, a response that ends in the middle of a line, and an archive that stores
 * a long line as several partial records. Every line must arrive exactly once, whole, with the
 * number it had in the full log.
 */

interface Line {
  ts: string;
  text: string;
}

const stamp = (second: number, nanos = 0) =>
  `2024-05-01T10:00:${String(second).padStart(2, '0')}.${String(nanos).padStart(
    9,
    '0',
  )}Z`;

/** A fake plane (pods/log like the kubelet: sinceTime has 1 s precision) and a fake observer. */
class FakeSources {
  lines: Line[] = [];
  /** Lines before this index were rotated away: `pods/log` no longer returns them. */
  rotatedFrom = 0;
  /** Shapes the next pods/log response (e.g. cut it mid-line); used once. */
  nextLogResponse?: (res: http.ServerResponse, body: string) => void;
  archive: Array<{
    timestamp: string;
    log: string;
    containerName: string;
    podId: string;
  }> = [];
  readonly logRequests: string[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  url = '';

  async start() {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }`;
  }

  stop() {
    this.server.closeAllConnections();
    this.server.close();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname === '/api/v1/namespaces/ci/pods/pod-1/log') {
      this.logRequests.push(url.search);
      const since = url.searchParams.get('sinceTime');
      const sinceMs = since
        ? Math.floor(Date.parse(since) / 1000) * 1000
        : -Infinity;
      const body = this.lines
        .slice(this.rotatedFrom)
        .filter(line => Date.parse(line.ts) >= sinceMs)
        .map(line => `${line.ts} ${line.text}\n`)
        .join('');
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const shape = this.nextLogResponse;
      this.nextLogResponse = undefined;
      if (shape) shape(res, body);
      else res.end(body);
      return;
    }
    if (url.pathname === '/api/logs/build/wf' && req.method === 'POST') {
      let text = '';
      req.on('data', chunk => {
        text += chunk;
      });
      req.on('end', () => {
        const query = JSON.parse(text) as { startTime: string; limit: number };
        const from = Date.parse(query.startTime);
        const logs = this.archive
          .filter(entry => Date.parse(entry.timestamp) >= from)
          .slice(0, query.limit);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ logs, totalCount: logs.length }));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  }
}

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'plane', server, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'ctx', cluster: 'plane', user: 'u' }],
    currentContext: 'ctx',
  });
  return kc;
}

/** The UID of `pod-1`, as the locator saw it on the pod. */
const POD_UID = '3c9d4a1e-5b6f-4c2d-9e8f-0a1b2c3d4e5f';

const pod = (finished: boolean): StepLocation =>
  ({
    kind: 'pod',
    podName: 'pod-1',
    mainStarted: true,
    finished,
  } as unknown as StepLocation);

/** A locator over the fake sources whose `locate()` answers `locations` in turn (the last repeats). */
function locatorFor(
  sources: FakeSources,
  locations: StepLocation[],
): StepLocator {
  const queue = [...locations];
  return {
    namespace: 'acme',
    runName: 'run',
    step: 'build-step',
    workflowNamespace: 'ci',
    workflowName: 'wf',
    stepLabel: 'step build-step of run acme/run',
    stepStartedAt: '2024-05-01T09:59:00Z',
    runCreatedAt: undefined,
    connector: {
      kubernetes: { kubeConfig: kubeConfig(sources.url) },
      capabilities: { followLogs: true },
      label: 'test plane',
    },
    observer: {
      url: sources.url,
      credentials: StaticObserverCredentials.none(),
      source: 'config',
      origin: 'test',
    },
    locate: async () => (queue.length > 1 ? queue.shift()! : queue[0]),
  } as unknown as StepLocator;
}

interface Received {
  lines: Array<{ n: number; ts?: string; text: string }>;
  /** The id each event would carry (what the browser sends back as Last-Event-ID). */
  ids: string[];
}

async function read(
  locator: StepLocator,
  options: { follow: boolean; lastEventId?: string },
): Promise<Received> {
  const received: Received = { lines: [], ids: [] };
  const resume =
    options.lastEventId === undefined
      ? undefined
      : parseLogEventId(options.lastEventId);
  const session = new StepLogSession({
    locator,
    follow: options.follow,
    startAt: resume ? resume.n + 1 : 0,
    resume: resume?.cursor,
    pollIntervalMs: 5,
    timeoutMs: 5000,
    signal: new AbortController().signal,
    sink: {
      lines(batch: LineBatch) {
        const text = batch.text;
        for (let i = 0; i < text.length; i += 1)
          received.lines.push({
            n: batch.n + i,
            ts: batch.ts[i],
            text: text[i],
          });
        received.ids.push(
          formatLogEventId(batch.n + text.length - 1, batch.cursor),
        );
      },
      source() {},
      waiting() {},
      notice() {},
    },
  });
  await session.run();
  return received;
}

function expectWhole(received: Received['lines'], full: Line[]) {
  expect(received.map(line => line.n)).toEqual(full.map((_, i) => i));
  expect(received.map(line => ({ ts: line.ts, text: line.text }))).toEqual(
    full,
  );
}

describe('log resume by (timestamp, count at that timestamp)', () => {
  let sources: FakeSources;
  beforeEach(async () => {
    sources = new FakeSources();
    await sources.start();
  });
  afterEach(() => sources.stop());

  it('resumes after kubelet log rotation without dropping or repeating lines', async () => {
    // 30 lines; lines 10-12 share one timestamp, so the resume point needs the count too.
    const full: Line[] = Array.from({ length: 30 }, (_, i) => ({
      ts: i >= 10 && i <= 12 ? stamp(10) : stamp(i, 500),
      text: `line ${i}`,
    }));
    // First connection: the log so far ends inside the run of equal timestamps.
    sources.lines = full.slice(0, 12);
    const first = await read(locatorFor(sources, [pod(false)]), {
      follow: false,
    });
    expectWhole(first.lines, full.slice(0, 12));
    const lastId = first.ids[first.ids.length - 1];
    expect(lastId).toBe(`11:${stamp(10)}:2`);

    // Meanwhile the log grew and the kubelet rotated its first 8 lines away.
    sources.lines = full;
    sources.rotatedFrom = 8;
    const second = await read(locatorFor(sources, [pod(true)]), {
      follow: true,
      lastEventId: lastId,
    });
    expectWhole([...first.lines, ...second.lines], full);
    // The resume asked only for the log from the client's second on.
    expect(
      new URLSearchParams(
        sources.logRequests[sources.logRequests.length - 1],
      ).get('sinceTime'),
    ).toBe('2024-05-01T10:00:10Z');
  });

  it('holds back a line a response cut in the middle, then delivers it whole once', async () => {
    const full: Line[] = Array.from({ length: 8 }, (_, i) => ({
      ts: stamp(i, 1),
      text: `line ${i} ${'x'.repeat(i === 5 ? 5000 : 10)}`,
    }));
    sources.lines = full.slice(0, 6);
    // The follow sends lines 0-4 and the first half of line 5 in two chunks, then ends.
    sources.nextLogResponse = (res, body) => {
      const cut = body.length - 2500;
      res.write(body.slice(0, cut - 1000));
      setTimeout(() => {
        res.end(body.slice(cut - 1000, cut));
        sources.lines = full;
      }, 20);
    };
    const received = await read(
      locatorFor(sources, [pod(false), pod(false), pod(true)]),
      { follow: true },
    );
    expectWhole(received.lines, full);

    // A client that left after line 4 resumes with the whole line 5, not half of it.
    const resumeAfter = received.ids.find(id => id.startsWith('4:'));
    expect(resumeAfter).toBeDefined();
    const again = await read(locatorFor(sources, [pod(true)]), {
      follow: true,
      lastEventId: resumeAfter,
    });
    expectWhole([...received.lines.slice(0, 5), ...again.lines], full);
  });

  it('switches from the pod to an archive that split a 40 KiB line into three records, each line once', async () => {
    const long = 'L'.repeat(40 * 1024);
    const full: Line[] = Array.from({ length: 8 }, (_, i) => ({
      ts: stamp(i, 7),
      text: i === 3 ? long : `line ${i}`,
    }));
    // The pod shows lines 0-4 (the long one whole, as the kubelet joins partial records), then goes.
    sources.lines = full.slice(0, 5);
    sources.archive = full.flatMap((line, i) => {
      if (i !== 3)
        return [
          {
            timestamp: line.ts,
            log: line.text,
            containerName: 'main',
            // The observer files lines by pod UID (internal/observer/opensearch/types.go@v0.9.0).
            podId: POD_UID,
          },
        ];
      const parts = [
        long.slice(0, PARTIAL_RECORD_BYTES),
        long.slice(PARTIAL_RECORD_BYTES, 2 * PARTIAL_RECORD_BYTES),
        long.slice(2 * PARTIAL_RECORD_BYTES),
      ];
      return parts.map((log, k) => ({
        timestamp: stamp(3, 7 + k),
        log,
        containerName: 'main',
        podId: POD_UID,
      }));
    });
    const gone = {
      kind: 'gone',
      podName: 'pod-1',
      podUid: POD_UID,
      finished: true,
    } as unknown as StepLocation;
    // Read the pod up to line 2, then the rest after the switch.
    sources.lines = full.slice(0, 3);
    const received = await read(locatorFor(sources, [pod(false), gone]), {
      follow: true,
    });
    expect(received.lines.find(line => line.n === 3)?.text).toBe(long);
    expectWhole(received.lines, full);

    // An expired run read from the archive alone numbers the long line as one line too.
    const archived = await read(locatorFor(sources, [gone]), { follow: false });
    expectWhole(archived.lines, full);
  });
});

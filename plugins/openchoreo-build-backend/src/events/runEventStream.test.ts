import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  ComponentWorkflowRun,
  KubernetesList,
  KubernetesWatchEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express from 'express';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { InformerTimers } from '../informer/RunInformer';
import { RunInformers } from '../informer/RunInformers';
import { readSseEvents } from '../__testUtils__/sse';
import { until } from '../__testUtils__/until';
import { streamRunEvents } from './runEventStream';

/** Timers fired by hand (the informer's liveness deadline and retries). */
class ManualTimers implements InformerTimers {
  private next = 0;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number) {
    this.next += 1;
    this.pending.set(this.next, { callback, ms });
    return this.next;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as number);
  }
  fire(ms: number): number {
    const due = [...this.pending].filter(([, t]) => t.ms === ms);
    for (const [handle, timer] of due) {
      this.pending.delete(handle);
      timer.callback();
    }
    return due.length;
  }
}

class FakeControlPlane {
  items: ComponentWorkflowRun[] = [];
  lists = 0;
  watches: Array<{
    namespace: string;
    onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void;
    stopped: boolean;
  }> = [];
  async listRuns(): Promise<KubernetesList<ComponentWorkflowRun>> {
    this.lists += 1;
    return {
      items: [...this.items],
      metadata: { resourceVersion: String(100 + this.lists) },
    };
  }
  async watchRuns(
    namespace: string,
    _rv: string | undefined,
    onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void,
  ) {
    const watch = { namespace, onEvent, stopped: false };
    this.watches.push(watch);
    return {
      stop: () => {
        watch.stopped = true;
      },
    };
  }
}

const LIVE = 30_000;

/** A run of `namespace` at `resourceVersion`, as the watch sends it. */
const run = (
  namespace: string,
  name: string,
  resourceVersion: string,
): ComponentWorkflowRun => ({
  metadata: {
    name,
    namespace,
    resourceVersion,
    creationTimestamp: '2025-01-01T00:00:00Z',
  },
  spec: { owner: { projectName: 'p', componentName: 'c' } },
  status: { conditions: [] },
});

interface Client {
  status: Promise<number>;
  headers: Promise<http.IncomingHttpHeaders>;
  events: Array<{ event: string; data: string; id?: string }>;
  /** HTTP errors: a body that is not valid chunked encoding fails the client's parser. */
  failures: string[];
  ended: Promise<void>;
  close(): void;
}

function connect(
  base: string,
  user: string,
  options: { query?: string; lastEventId?: string } = {},
): Client {
  const events: Client['events'] = [];
  const failures: string[] = [];
  let req!: http.ClientRequest;
  let resolveHead!: (res: http.IncomingMessage) => void;
  const head = new Promise<http.IncomingMessage>(resolve => {
    resolveHead = resolve;
  });
  const ended = new Promise<void>(resolve => {
    const headers: Record<string, string> = { 'x-user': user };
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    req = http.get(`${base}/events${options.query ?? ''}`, { headers }, res => {
      resolveHead(res);
      readSseEvents(res, event => {
        events.push(event);
      });
      res.on('error', error => failures.push(error.message));
      res.on('close', () => resolve());
    });
    req.on('error', error => {
      if (!req.destroyed) failures.push(error.message);
      resolve();
    });
  });
  return {
    status: head.then(res => res.statusCode ?? 0),
    headers: head.then(res => res.headers),
    events,
    failures,
    ended,
    close: () => req.destroy(),
  };
}

describe('GET /events: run events, caps, outages and shutdown', () => {
  let server: http.Server;
  let base: string;
  let cp: FakeControlPlane;
  let timers: ManualTimers;
  let informers: RunInformers;

  beforeEach(async () => {
    cp = new FakeControlPlane();
    timers = new ManualTimers();
    informers = new RunInformers(
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      {
        timers,
        livenessMs: LIVE,
        streams: { perUser: 20, total: 30 },
      },
    );
    const app = express();
    app.get('/events', async (req, res, next) => {
      try {
        const credentials = mockCredentials.user(String(req.header('x-user')));
        await streamRunEvents(req, res, {
          informers,
          namespaces:
            typeof req.query.ns === 'string'
              ? req.query.ns.split(',')
              : ['default'],
          heartbeatMs: 60_000,
          credentials,
        });
      } catch (error) {
        next(error);
      }
    });
    app.use(
      (
        error: Error & { statusCode?: number },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res
          .status(error.statusCode ?? 500)
          .json({ error: { name: error.name, message: error.message } });
      },
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    informers.close();
    server.closeAllConnections();
    server.close();
  });

  /** The live watch of `namespace` (the informer's current one). */
  const watchOf = (namespace: string) =>
    cp.watches.filter(w => w.namespace === namespace && !w.stopped).pop()!;
  const runEvents = (client: Client) =>
    client.events
      .filter(e => e.event === 'run')
      .map(e => ({ id: e.id, name: JSON.parse(e.data).run.name }));

  it('sends changes that arrive together as separate run events with their ids, in order with the events around them', async () => {
    const client = connect(base, 'user:default/alice');
    await until(() => client.events.some(e => e.event === 'ready'));

    // Three changes in one tick: one socket write, still three events.
    for (const [name, rv] of [
      ['a', '201'],
      ['b', '202'],
      ['c', '203'],
    ])
      watchOf('default').onEvent({
        type: 'ADDED',
        object: run('default', name, rv),
      });
    await until(() => runEvents(client).length === 3);

    // The watch goes silent: stream-error goes out through the SseWriter, after the frames.
    timers.fire(LIVE);
    await until(() => client.events.some(e => e.event === 'stream-error'));
    timers.fire(1000);
    await until(() => cp.watches.length === 2);
    watchOf('default').onEvent({
      type: 'MODIFIED',
      object: run('default', 'a', '204'),
    });
    await until(() => runEvents(client).length === 4);

    expect(client.events.map(e => e.event)).toEqual([
      'ready',
      'run',
      'run',
      'run',
      'stream-error',
      'run',
    ]);
    expect(runEvents(client)).toEqual([
      { id: 'default:201', name: 'a' },
      { id: 'default:202', name: 'b' },
      { id: 'default:203', name: 'c' },
      { id: 'default:204', name: 'a' },
    ]);
    expect(client.failures).toEqual([]);
    client.close();
  });

  it('resumes a client from Last-Event-ID with the changes after it, and gives a stream of several namespaces ids naming each', async () => {
    const first = connect(base, 'user:default/alice');
    await until(() => first.events.some(e => e.event === 'ready'));
    for (const [name, rv] of [
      ['a', '201'],
      ['b', '202'],
      ['c', '203'],
    ])
      watchOf('default').onEvent({
        type: 'ADDED',
        object: run('default', name, rv),
      });
    await until(() => runEvents(first).length === 3);

    const resumed = connect(base, 'user:default/alice', {
      lastEventId: 'default:202',
    });
    await until(() => runEvents(resumed).length === 1);
    expect(resumed.events[0]).toMatchObject({
      event: 'ready',
      id: 'default:202',
    });
    expect(runEvents(resumed)).toEqual([{ id: 'default:203', name: 'c' }]);

    const both = connect(base, 'user:default/bob', {
      query: '?ns=default,other',
    });
    await until(() => both.events.some(e => e.event === 'ready'));
    const readyId = both.events[0].id!;
    expect(readyId).toMatch(/^default:203,other:\d+$/);
    watchOf('default').onEvent({
      type: 'MODIFIED',
      object: run('default', 'c', '205'),
    });
    await until(() =>
      [first, resumed, both].every(c =>
        runEvents(c).some(e => e.id?.startsWith('default:205')),
      ),
    );
    expect(runEvents(both)).toEqual([
      { id: readyId.replace('default:203', 'default:205'), name: 'c' },
    ]);
    expect(runEvents(first).pop()).toEqual({ id: 'default:205', name: 'c' });
    expect([first, resumed, both].flatMap(c => c.failures)).toEqual([]);
    for (const client of [first, resumed, both]) client.close();
  });

  it('answers a user’s 21st stream with 429 and Retry-After naming the limit; closing one frees a slot; others are unaffected', async () => {
    const mine = Array.from({ length: 20 }, () =>
      connect(base, 'user:default/alice'),
    );
    await until(() => mine.every(c => c.events.some(e => e.event === 'ready')));
    expect(informers.streams.countOf('user:default/alice')).toBe(20);

    const refused = await fetch(`${base}/events`, {
      headers: { 'x-user': 'user:default/alice' },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect((await refused.json()).error.message).toMatch(
      /20 open event streams.*openchoreo\.build\.limits\.eventStreams\.perUser = 20/,
    );

    const bob = connect(base, 'user:default/bob');
    expect(await bob.status).toBe(200);

    mine[0].close();
    await until(() => informers.streams.countOf('user:default/alice') === 19);
    const again = connect(base, 'user:default/alice');
    expect(await again.status).toBe(200);
    for (const client of [...mine, bob, again]) client.close();
    await until(() => informers.streams.size === 0);
  });

  it('sends stream-error while the watch is down and reset when it had to re-list; ends with a final event on shutdown', async () => {
    const client = connect(base, 'user:default/alice');
    await until(() => client.events.some(e => e.event === 'ready'));
    expect(cp.watches).toHaveLength(1);

    // The watch goes silent past its deadline: the client hears about it instead of nothing.
    expect(timers.fire(LIVE)).toBe(1);
    await until(() => client.events.some(e => e.event === 'stream-error'));
    expect(
      JSON.parse(client.events.find(e => e.event === 'stream-error')!.data),
    ).toMatchObject({
      namespaces: ['default'],
      reason: expect.stringMatching(/no event or bookmark/),
    });

    // The resumed watch is told its version is gone: re-list, then reset (continuity was lost).
    timers.fire(1000);
    await until(() => cp.watches.length === 2);
    cp.watches[1].onEvent({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, message: 'too old' },
    });
    timers.fire(0);
    await until(() => client.events.some(e => e.event === 'reset'));

    informers.close();
    await client.ended;
    expect(client.events[client.events.length - 1]).toMatchObject({
      event: 'stream-error',
      data: expect.stringMatching(/shutting down/),
    });
    expect(informers.streams.size).toBe(0);
  });
});

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
    _ns: string,
    _rv: string | undefined,
    onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void,
  ) {
    const watch = { onEvent, stopped: false };
    this.watches.push(watch);
    return {
      stop: () => {
        watch.stopped = true;
      },
    };
  }
}

const LIVE = 30_000;

interface Client {
  status: Promise<number>;
  headers: Promise<http.IncomingHttpHeaders>;
  events: Array<{ event: string; data: string }>;
  ended: Promise<void>;
  close(): void;
}

function connect(base: string, user: string): Client {
  const events: Client['events'] = [];
  let req!: http.ClientRequest;
  let resolveHead!: (res: http.IncomingMessage) => void;
  const head = new Promise<http.IncomingMessage>(resolve => {
    resolveHead = resolve;
  });
  const ended = new Promise<void>(resolve => {
    req = http.get(`${base}/events`, { headers: { 'x-user': user } }, res => {
      resolveHead(res);
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (
          let end = buffer.indexOf('\n\n');
          end >= 0;
          end = buffer.indexOf('\n\n')
        ) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event)
            events.push({
              event,
              data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
            });
        }
      });
      res.on('close', () => resolve());
    });
    req.on('error', () => resolve());
  });
  return {
    status: head.then(res => res.statusCode ?? 0),
    headers: head.then(res => res.headers),
    events,
    ended,
    close: () => req.destroy(),
  };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i += 1)
    await new Promise(resolve => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('GET /events: caps, outages and shutdown', () => {
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
          namespaces: ['default'],
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

import { mockServices } from '@backstage/backend-test-utils';
import type {
  ComponentWorkflowRun,
  KubernetesList,
  KubernetesWatchEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { ServiceUnavailableError } from '@backstage/errors';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { BadGatewayError } from '../errors';
import { ResourceExpiredError } from '../kubernetes/kubernetesErrors';
import type { SequencedRunEvent } from './RunEventLog';
import { RunInformer, type InformerTimers } from './RunInformer';
import { fromComponentWorkflowRun } from '../runs/buildRun';

const run = (
  name: string,
  resourceVersion: string,
  conditions: Array<{ type: string; status: string }> = [],
  creationTimestamp = '2025-01-01T00:00:00Z',
): ComponentWorkflowRun => ({
  metadata: { name, namespace: 'default', resourceVersion, creationTimestamp },
  spec: { owner: { projectName: 'p', componentName: 'c' } },
  status: { conditions },
});

/** Timers the test fires by hand: no waiting, no clock. */
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
  /** Fires every pending timer of `ms`; returns how many fired. */
  fire(ms: number): number {
    const due = [...this.pending].filter(([, t]) => t.ms === ms);
    for (const [handle, timer] of due) {
      this.pending.delete(handle);
      timer.callback();
    }
    return due.length;
  }
  count(ms: number) {
    return [...this.pending.values()].filter(t => t.ms === ms).length;
  }
}
const IDLE = 60_000;
const SYNC_TIMEOUT = 10_000;

/** A control plane whose list and watch are driven by the test. */
class FakeControlPlane {
  items: ComponentWorkflowRun[] = [];
  listCalls = 0;
  /** When set, the next lists wait for this (the test resolves or rejects it). */
  listGate?: Promise<void>;
  listError?: Error;
  watches: Array<{
    resourceVersion?: string;
    onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void;
    onClose: (e?: Error) => void;
    stopped: boolean;
  }> = [];
  private waiters: Array<() => void> = [];

  async listRuns(): Promise<KubernetesList<ComponentWorkflowRun>> {
    this.listCalls += 1;
    const call = this.listCalls;
    await this.listGate;
    if (this.listError) throw this.listError;
    return {
      items: [...this.items],
      metadata: { resourceVersion: String(100 + call) },
    };
  }

  async watchRuns(
    _ns: string,
    resourceVersion: string | undefined,
    onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void,
    onClose: (e?: Error) => void,
  ) {
    const watch = { resourceVersion, onEvent, onClose, stopped: false };
    this.watches.push(watch);
    this.waiters.splice(0).forEach(resolve => resolve());
    return {
      stop: () => {
        watch.stopped = true;
      },
    };
  }

  get open() {
    return this.watches.filter(w => !w.stopped);
  }

  /** Resolves once `count` watches have been opened in total. */
  async watchOpened(count: number) {
    while (this.watches.length < count)
      await new Promise<void>(resolve => this.waiters.push(resolve));
  }
}

function collector() {
  const events: SequencedRunEvent[] = [];
  const resets: string[] = [];
  return {
    events,
    resets,
    subscriber: {
      onEvent: (e: SequencedRunEvent) => events.push(e),
      onReset: (r: string) => resets.push(r),
    },
  };
}

describe('RunInformer', () => {
  it('keeps one run of each component for permission checks, and forgets a component with its last run', async () => {
    const cp = new FakeControlPlane();
    const of = (name: string, rv: string, component: string) => {
      const r = run(name, rv);
      r.spec!.owner!.componentName = component;
      return r;
    };
    cp.items = [of('a1', '1', 'a'), of('a2', '2', 'a'), of('b1', '3', 'b')];
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    await informer.snapshot();
    await cp.watchOpened(1);
    const components = () =>
      informer
        .componentRuns()
        .map(r => r.component)
        .sort();
    expect(components()).toEqual(['a', 'b']);
    cp.watches[0].onEvent({ type: 'DELETED', object: of('b1', '104', 'b') });
    cp.watches[0].onEvent({ type: 'DELETED', object: of('a1', '105', 'a') });
    expect(components()).toEqual(['a']);
    cp.watches[0].onEvent({ type: 'ADDED', object: of('c1', '106', 'c') });
    cp.watches[0].onEvent({ type: 'MODIFIED', object: of('c1', '107', 'c') });
    expect(components()).toEqual(['a', 'c']);
    cp.watches[0].onEvent({ type: 'DELETED', object: of('a2', '108', 'a') });
    expect(components()).toEqual(['c']);
    informer.stop();
  });

  it('shares one upstream watch between subscribers and stops it after an idle period once the last leaves', async () => {
    const cp = new FakeControlPlane();
    const timers = new ManualTimers();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      { idleMs: IDLE, timers },
    );
    const a = collector();
    const b = collector();
    const offA = informer.subscribe(a.subscriber);
    const offB = informer.subscribe(b.subscriber);
    await cp.watchOpened(1);
    expect(cp.open).toHaveLength(1);
    expect(cp.watches[0].resourceVersion).toBe('101');

    cp.watches[0].onEvent({ type: 'ADDED', object: run('r1', '102') });
    cp.watches[0].onEvent({
      type: 'MODIFIED',
      object: run('r1', '103', [{ type: 'WorkflowRunning', status: 'True' }]),
    });
    cp.watches[0].onEvent({ type: 'MODIFIED', object: run('r1', '103') }); // same version: no event
    expect(a.events.map(e => [e.rv, e.event.type, e.event.run.status])).toEqual(
      [
        [102, 'added', 'Pending'],
        [103, 'modified', 'Running'],
      ],
    );
    expect(b.events).toHaveLength(2);

    offA();
    expect(cp.open).toHaveLength(1);
    expect(timers.count(IDLE)).toBe(0);
    offB();
    offB(); // unsubscribing twice is harmless
    expect(cp.open).toHaveLength(1); // idle, not yet stopped
    expect(timers.count(IDLE)).toBe(1);
    // A client coming back within the idle period keeps the same watch.
    const offC = informer.subscribe(collector().subscriber);
    expect(timers.count(IDLE)).toBe(0);
    offC();
    expect(timers.fire(IDLE)).toBe(1);
    expect(cp.open).toHaveLength(0);
    expect(cp.watches).toHaveLength(1);
    expect(informer.isWatching).toBe(false);
  });

  it('replays from a Last-Event-ID position, and resets when it cannot', async () => {
    const cp = new FakeControlPlane();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    const first = collector();
    const off = informer.subscribe(first.subscriber);
    await cp.watchOpened(1);
    for (let i = 1; i <= 3; i += 1)
      cp.watches[0].onEvent({
        type: 'ADDED',
        object: run(`r${i}`, String(200 + i)),
      });
    off();

    const resumed = collector();
    informer.subscribe(resumed.subscriber, { rv: 201 });
    expect(resumed.events.map(e => e.event.run.name)).toEqual(['r2', 'r3']);

    // Before the first list (version 101): this informer cannot know what happened then.
    const stale = collector();
    informer.subscribe(stale.subscriber, { rv: 100 });
    expect(stale.resets).toHaveLength(1);
    expect(stale.events).toEqual([]);
    informer.stop();
  });

  it('resumes a client from a replica ahead of this one: changes up to its position are not sent again', async () => {
    const cp = new FakeControlPlane();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    const first = collector();
    informer.subscribe(first.subscriber);
    await cp.watchOpened(1);
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r1', '201') });

    // The other replica's watch has delivered r2 at 202 already; this one's has not.
    const ahead = collector();
    informer.subscribe(ahead.subscriber, { rv: 202 });
    expect(ahead.resets).toEqual([]);
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r2', '202') });
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r3', '203') });
    expect(ahead.events.map(e => [e.rv, e.event.run.name])).toEqual([
      [203, 'r3'],
    ]);
    expect(first.events.map(e => e.rv)).toEqual([201, 202, 203]);
    informer.stop();
  });

  it("replays the history since a resuming client's position when it is the first to start the informer", async () => {
    const cp = new FakeControlPlane();
    cp.items = [run('r1', '99'), run('kept', '40')];
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    // The client was on another replica until version 90; this informer lists at 101.
    informer.requestHistory(90);
    const byName = (
      runs: readonly { name: string; resourceVersion?: string }[],
    ) => runs.map(r => [r.name, r.resourceVersion]).sort();
    expect(byName(await informer.snapshot())).toEqual([
      ['kept', '40'],
      ['r1', '99'],
    ]);
    const resumed = collector();
    const fresh = collector();
    informer.subscribe(resumed.subscriber, { rv: 90 });
    informer.subscribe(fresh.subscriber);
    await cp.watchOpened(1);
    expect(cp.watches[0].resourceVersion).toBe('90');

    // What the API server replays up to the list's version, then a live change.
    cp.watches[0].onEvent({ type: 'MODIFIED', object: run('r1', '95') });
    cp.watches[0].onEvent({ type: 'DELETED', object: run('gone', '97') });
    cp.watches[0].onEvent({ type: 'MODIFIED', object: run('r1', '99') });
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r5', '105') });

    expect(resumed.resets).toEqual([]);
    expect(
      resumed.events.map(e => [e.rv, e.event.type, e.event.run.name]),
    ).toEqual([
      [95, 'modified', 'r1'],
      [97, 'deleted', 'gone'],
      [99, 'modified', 'r1'],
      [105, 'added', 'r5'],
    ]);
    // A client that started at the list's version hears only what came after it.
    expect(fresh.events.map(e => e.rv)).toEqual([105]);
    // The replayed history never reached the cache: it held version 99 of r1 already.
    expect(byName(await informer.snapshot())).toEqual([
      ['kept', '40'],
      ['r1', '99'],
      ['r5', '105'],
    ]);
    informer.stop();
  });

  it('tells a resuming client to refetch when the history it waits for is compacted (410)', async () => {
    const cp = new FakeControlPlane();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    informer.requestHistory(10);
    await informer.snapshot();
    const resumed = collector();
    informer.subscribe(resumed.subscriber, { rv: 10 });
    await cp.watchOpened(1);
    cp.watches[0].onEvent({
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version: 10 (101)',
      } as unknown as ComponentWorkflowRun,
    });
    expect(resumed.resets).toHaveLength(1);
    expect(resumed.resets[0]).toMatch(/no longer kept; refetch/);
    informer.stop();
  });

  it('re-lists on 410 Gone and emits what changed meanwhile', async () => {
    const cp = new FakeControlPlane();
    cp.items = [run('keep', '1'), run('gone', '1')];
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
    );
    const c = collector();
    informer.subscribe(c.subscriber);
    await cp.watchOpened(1);
    expect(c.events).toEqual([]); // the first list only primes the state

    cp.items = [
      run('keep', '5', [{ type: 'WorkflowSucceeded', status: 'True' }]),
      run('new', '6'),
    ];
    cp.watches[0].onEvent({
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        message: 'too old resource version',
      },
    });
    await cp.watchOpened(2);
    expect(cp.listCalls).toBe(2);
    expect(
      c.events.map(e => [e.event.type, e.event.run.name, e.event.run.status]),
    ).toEqual([
      ['deleted', 'gone', 'Pending'],
      ['modified', 'keep', 'Succeeded'],
      ['added', 'new', 'Pending'],
    ]);
    expect(cp.watches[1].resourceVersion).toBe('102');
    expect((await informer.snapshot()).map(r => [r.name, r.status])).toEqual([
      ['keep', 'Succeeded'],
      ['new', 'Pending'],
    ]);
    expect(cp.listCalls).toBe(2);

    // A 410 surfacing as the watch's close error re-lists too.
    cp.watches[1].onClose(new ResourceExpiredError('expired'));
    await cp.watchOpened(3);
    expect(cp.listCalls).toBe(3);
    expect(cp.open).toHaveLength(1);
    informer.stop();
  });
});

describe('RunInformer retries', () => {
  it('backs off through its injected timers, doubling per failure, and resumes the watch from the last version', async () => {
    const cp = new FakeControlPlane();
    const timers = new ManualTimers();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      { timers },
    );
    informer.subscribe(collector().subscriber);
    await cp.watchOpened(1);
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r1', '150') });

    cp.watches[0].onClose(new BadGatewayError('connection reset'));
    expect(cp.open).toHaveLength(0);
    expect(timers.count(1000)).toBe(1);
    expect(timers.fire(1000)).toBe(1);
    await cp.watchOpened(2);
    expect(cp.watches[1].resourceVersion).toBe('150');
    expect(cp.listCalls).toBe(1);

    // Closed again before any event: the next delay doubles.
    cp.watches[1].onClose(new BadGatewayError('connection reset'));
    expect(timers.count(2000)).toBe(1);
    // Stopping cancels the pending retry.
    informer.stop();
    expect(timers.pending.size).toBe(0);
  });
});

describe('RunInformer answering list requests', () => {
  const t = (second: number) =>
    new Date(Date.parse('2025-01-01T00:00:00Z') + second * 1000).toISOString();
  const names = (runs: readonly { name: string }[]) => runs.map(r => r.name);

  function setup() {
    const cp = new FakeControlPlane();
    const timers = new ManualTimers();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      {
        idleMs: IDLE,
        syncTimeoutMs: SYNC_TIMEOUT,
        timers,
      },
    );
    return { cp, timers, informer };
  }

  it('answers list requests from one list, newest first, waiting for the first list, then follows the watch', async () => {
    const { cp, informer } = setup();
    cp.items = [
      run('old', '1', [], t(0)),
      run('new', '3', [], t(20)),
      run('mid', '2', [], t(10)),
    ];
    let release: () => void = () => {};
    cp.listGate = new Promise(resolve => {
      release = resolve;
    });
    const first = informer.snapshot();
    const second = informer.snapshot();
    expect(informer.isSynced).toBe(false);
    release();
    expect(names(await first)).toEqual(['new', 'mid', 'old']);
    expect(names(await second)).toEqual(['new', 'mid', 'old']);
    expect(informer.isSynced).toBe(true);
    await cp.watchOpened(1);
    expect(cp.watches[0].resourceVersion).toBe('101');

    const watch = cp.watches[0];
    watch.onEvent({ type: 'ADDED', object: run('newest', '104', [], t(30)) });
    watch.onEvent({
      type: 'MODIFIED',
      object: run(
        'old',
        '105',
        [{ type: 'WorkflowRunning', status: 'True' }],
        t(0),
      ),
    });
    watch.onEvent({ type: 'DELETED', object: run('mid', '106', [], t(10)) });
    const after = await informer.snapshot();
    expect(after.map(r => [r.name, r.status])).toEqual([
      ['newest', 'Pending'],
      ['new', 'Pending'],
      ['old', 'Running'],
    ]);
    // Events subscribers join the same list and watch.
    const c = collector();
    const off = informer.subscribe(c.subscriber);
    watch.onEvent({
      type: 'MODIFIED',
      object: run(
        'new',
        '107',
        [{ type: 'WorkflowSucceeded', status: 'True' }],
        t(20),
      ),
    });
    expect(c.events.map(e => [e.event.type, e.event.run.name])).toEqual([
      ['modified', 'new'],
    ]);
    expect((await informer.snapshot())[1].status).toBe('Succeeded');
    expect(cp.listCalls).toBe(1);
    expect(cp.watches).toHaveLength(1);
    off();
    informer.stop();
  });

  it('stops after an idle period with no list request and no subscriber, and lists again when used again', async () => {
    const { cp, timers, informer } = setup();
    cp.items = [run('a', '1', [], t(0))];
    await informer.snapshot();
    await cp.watchOpened(1);
    expect(timers.count(IDLE)).toBe(1);
    await informer.snapshot(); // use restarts the idle period, still one timer
    expect(timers.count(IDLE)).toBe(1);

    // A subscriber keeps it up however long lists are not requested.
    const off = informer.subscribe(collector().subscriber);
    expect(timers.count(IDLE)).toBe(0);
    await informer.snapshot();
    expect(timers.count(IDLE)).toBe(0);
    off();
    expect(timers.fire(IDLE)).toBe(1);
    expect(informer.isWatching).toBe(false);
    expect(cp.open).toHaveLength(0);

    // Runs changed while nobody watched: the next request waits for a fresh list.
    cp.items = [run('a', '1', [], t(0)), run('b', '9', [], t(5))];
    expect(names(await informer.snapshot())).toEqual(['b', 'a']);
    expect(cp.listCalls).toBe(2);
    await cp.watchOpened(2);
    expect(cp.open).toHaveLength(1);
    informer.stop();
  });

  it('does not stop during a first list that outlasts the idle period, and counts the period from when the list completed', async () => {
    const { cp, timers, informer } = setup();
    cp.items = [run('a', '1', [], t(0))];
    let release: () => void = () => {};
    cp.listGate = new Promise(resolve => {
      release = resolve;
    });
    const gaveUp = informer.snapshot();
    // The request gives up waiting (504), then the idle period passes, while the list still runs.
    expect(timers.fire(SYNC_TIMEOUT)).toBe(1);
    await expect(gaveUp).rejects.toThrow(/within 10 s; try again/);
    expect(timers.fire(IDLE)).toBe(1);
    expect(informer.isWatching).toBe(true);
    expect(timers.count(IDLE)).toBe(1);

    release();
    await cp.watchOpened(1);
    expect(informer.isSynced).toBe(true);
    // The retry is answered from that list, within a fresh idle period.
    expect(timers.count(IDLE)).toBe(1);
    expect(names(await informer.snapshot())).toEqual(['a']);
    expect(cp.listCalls).toBe(1);
    expect(timers.fire(IDLE)).toBe(1);
    expect(informer.isWatching).toBe(false);
  });

  it('stops when the idle period passes while a failed first list waits to retry', async () => {
    const { cp, timers, informer } = setup();
    cp.listError = new BadGatewayError('control plane is unreachable');
    await expect(informer.snapshot()).rejects.toThrow(ServiceUnavailableError);
    expect(informer.isWatching).toBe(true);
    expect(timers.fire(IDLE)).toBe(1);
    expect(informer.isWatching).toBe(false);
    expect(timers.count(IDLE)).toBe(0);
  });

  it('fails waiting list requests with 503 naming the control plane when the first list fails, and retries at once on the next request', async () => {
    const { cp, informer } = setup();
    cp.listError = new BadGatewayError(
      'control plane failed listing ComponentWorkflowRun in default (HTTP 500)',
    );
    const failed = informer.snapshot();
    await expect(failed).rejects.toThrow(ServiceUnavailableError);
    await expect(failed).rejects.toThrow(
      /^Cannot list the runs of default from the control plane: control plane failed listing/,
    );
    expect(informer.isWatching).toBe(true); // retrying in the background

    cp.listError = new ServiceUnavailableError(
      'control plane is unreachable (ECONNREFUSED) for listing ComponentWorkflowRun in default',
    );
    await expect(informer.snapshot()).rejects.toThrow(
      /^control plane is unreachable/,
    );
    expect(cp.listCalls).toBe(2);

    cp.listError = undefined;
    cp.items = [run('a', '1', [], t(0))];
    expect(names(await informer.snapshot())).toEqual(['a']);
    expect(cp.listCalls).toBe(3);
    await cp.watchOpened(1);
    informer.stop();
  });

  it('gives up waiting for the first list at the deadline with 504 naming the control plane', async () => {
    const { cp, timers, informer } = setup();
    let release: () => void = () => {};
    cp.listGate = new Promise(resolve => {
      release = resolve;
    });
    const waiting = informer.snapshot();
    expect(timers.fire(SYNC_TIMEOUT)).toBe(1);
    await expect(waiting).rejects.toMatchObject({
      name: 'GatewayTimeoutError',
      statusCode: 504,
      message:
        'control plane did not list the ComponentWorkflowRuns of default within 10 s; try again',
    });
    // The list still completes in the background and serves the next request.
    release();
    await cp.watchOpened(1);
    expect(informer.isSynced).toBe(true);
    expect(await informer.snapshot()).toEqual([]);
    expect(timers.count(SYNC_TIMEOUT)).toBe(0);
    informer.stop();
  });

  it('shows a run this backend created at once, without a second event when the watch reports it', async () => {
    const { cp, informer } = setup();
    await informer.snapshot();
    await cp.watchOpened(1);
    const c = collector();
    const off = informer.subscribe(c.subscriber);
    informer.observeCreated(
      fromComponentWorkflowRun(run('created', '150', [], t(40))),
    );
    expect(names(await informer.snapshot())).toEqual(['created']);
    cp.watches[0].onEvent({
      type: 'ADDED',
      object: run('created', '150', [], t(40)),
    });
    cp.watches[0].onEvent({
      type: 'MODIFIED',
      object: run(
        'created',
        '151',
        [{ type: 'WorkflowRunning', status: 'True' }],
        t(40),
      ),
    });
    expect(c.events.map(e => [e.event.type, e.event.run.status])).toEqual([
      ['added', 'Pending'],
      ['modified', 'Running'],
    ]);
    off();
    informer.stop();
  });

  it('adds a run created while the first list was in flight when that list missed it', async () => {
    const { cp, informer } = setup();
    cp.items = [run('listed', '1', [], t(0))];
    let release: () => void = () => {};
    cp.listGate = new Promise(resolve => {
      release = resolve;
    });
    const c = collector();
    const off = informer.subscribe(c.subscriber);
    const listing = informer.snapshot();
    informer.observeCreated(
      fromComponentWorkflowRun(run('created', '150', [], t(40))),
    ); // the list in flight predates it
    informer.observeCreated(
      fromComponentWorkflowRun(run('listed', '1', [], t(0))),
    );
    release();
    expect(names(await listing)).toEqual(['created', 'listed']);
    expect(c.events.map(e => [e.event.type, e.event.run.name])).toEqual([
      ['added', 'created'],
    ]);
    off();
    informer.stop();
  });
});

describe('RunInformer liveness', () => {
  const LIVE = 45_000;
  function watcher() {
    const errors: string[] = [];
    const resets: string[] = [];
    return {
      errors,
      resets,
      subscriber: {
        onEvent: () => undefined,
        onReset: (r: string) => resets.push(r),
        onError: (r: string) => errors.push(r),
      },
    };
  }

  it('restarts a watch that sends no event or bookmark within the deadline, tells subscribers, and resets them after a re-list', async () => {
    const cp = new FakeControlPlane();
    const timers = new ManualTimers();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      { timers, livenessMs: LIVE },
    );
    const w = watcher();
    informer.subscribe(w.subscriber);
    await cp.watchOpened(1);
    expect(timers.count(LIVE)).toBe(1);
    cp.watches[0].onEvent({ type: 'ADDED', object: run('r1', '150') });
    // A bookmark is a sign of life and moves the resume point.
    cp.watches[0].onEvent({ type: 'BOOKMARK', object: run('', '160') });
    expect(timers.count(LIVE)).toBe(1);

    // The connection hangs: the deadline aborts it and the retry resumes from the bookmark.
    expect(timers.fire(LIVE)).toBe(1);
    expect(cp.watches[0].stopped).toBe(true);
    expect(w.errors).toEqual([
      expect.stringMatching(
        /watch of default is interrupted \(no event or bookmark within 45 s\)/,
      ),
    ]);
    expect(timers.fire(1000)).toBe(1);
    await cp.watchOpened(2);
    expect(cp.watches[1].resourceVersion).toBe('160');
    expect(cp.listCalls).toBe(1);

    // Hung again: still one outage, one stream-error. The resume then finds its version expired.
    expect(timers.fire(LIVE)).toBe(1);
    expect(w.errors).toHaveLength(1);
    expect(timers.fire(2000)).toBe(1);
    await cp.watchOpened(3);
    cp.items = [run('r2', '170')];
    cp.watches[2].onEvent({
      type: 'ERROR',
      object: {
        kind: 'Status',
        code: 410,
        message: 'too old resource version',
      },
    });
    expect(timers.fire(0)).toBe(1);
    await cp.watchOpened(4);
    expect(cp.listCalls).toBe(2);
    expect(w.resets).toEqual([
      expect.stringMatching(/interrupted and re-listed/),
    ]);

    // Back to normal: events re-arm the deadline, and a later outage is reported again.
    cp.watches[3].onEvent({ type: 'BOOKMARK', object: run('', '180') });
    expect(timers.fire(LIVE)).toBe(1);
    expect(w.errors).toHaveLength(2);
    informer.stop();
    expect(timers.pending.size).toBe(0);
  });

  it('gives up on a watch whose response head never comes', async () => {
    const cp = new FakeControlPlane();
    const timers = new ManualTimers();
    const informer = new RunInformer(
      'default',
      cp as unknown as ControlPlane,
      mockServices.logger.mock(),
      { timers, livenessMs: LIVE },
    );
    const original = cp.watchRuns.bind(cp);
    let hung = 0;
    jest.spyOn(cp, 'watchRuns').mockImplementationOnce(() => {
      hung += 1;
      return new Promise(() => undefined);
    });
    informer.subscribe(watcher().subscriber);
    await new Promise(resolve => setImmediate(resolve));
    expect(hung).toBe(1);
    expect(timers.fire(LIVE)).toBe(1);
    expect(timers.fire(1000)).toBe(1);
    await cp.watchOpened(1);
    expect(cp.open).toHaveLength(1);
    expect(original).toBeDefined();
    informer.stop();
  });
});

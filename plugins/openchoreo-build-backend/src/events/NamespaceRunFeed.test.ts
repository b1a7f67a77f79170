import { mockServices } from '@backstage/backend-test-utils';
import type { ComponentWorkflowRun, KubernetesList, KubernetesWatchEvent } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ResourceExpiredError } from '../kubernetes/kubernetesErrors';
import { NamespaceRunFeed, type SequencedRunEvent } from './NamespaceRunFeed';

const run = (name: string, resourceVersion: string, conditions: Array<{ type: string; status: string }> = []): ComponentWorkflowRun => ({
  metadata: { name, namespace: 'default', resourceVersion },
  spec: { owner: { projectName: 'p', componentName: 'c' } },
  status: { conditions },
});

/** A control plane whose list and watch are driven by the test. */
class FakeControlPlane {
  items: ComponentWorkflowRun[] = [];
  listCalls = 0;
  watches: Array<{ resourceVersion?: string; onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void; onClose: (e?: Error) => void; stopped: boolean }> = [];
  private waiters: Array<() => void> = [];

  async listRuns(): Promise<KubernetesList<ComponentWorkflowRun>> {
    this.listCalls += 1;
    return { items: [...this.items], metadata: { resourceVersion: String(100 + this.listCalls) } };
  }

  async watchRuns(_ns: string, resourceVersion: string | undefined, onEvent: (e: KubernetesWatchEvent<ComponentWorkflowRun>) => void, onClose: (e?: Error) => void) {
    const watch = { resourceVersion, onEvent, onClose, stopped: false };
    this.watches.push(watch);
    this.waiters.splice(0).forEach(resolve => resolve());
    return { stop: () => { watch.stopped = true; } };
  }

  get open() {
    return this.watches.filter(w => !w.stopped);
  }

  /** Resolves once `count` watches have been opened in total. */
  async watchOpened(count: number) {
    while (this.watches.length < count) await new Promise<void>(resolve => this.waiters.push(resolve));
  }
}

function collector() {
  const events: SequencedRunEvent[] = [];
  const resets: string[] = [];
  return { events, resets, subscriber: { onEvent: (e: SequencedRunEvent) => events.push(e), onReset: (r: string) => resets.push(r) } };
}

describe('NamespaceRunFeed', () => {
  it('shares one upstream watch between subscribers and stops it when the last leaves', async () => {
    const cp = new FakeControlPlane();
    const feed = new NamespaceRunFeed('default', cp as unknown as ControlPlane, mockServices.logger.mock());
    const a = collector();
    const b = collector();
    const offA = feed.subscribe(a.subscriber);
    const offB = feed.subscribe(b.subscriber);
    await cp.watchOpened(1);
    expect(cp.open).toHaveLength(1);
    expect(cp.watches[0].resourceVersion).toBe('101');

    cp.watches[0].onEvent({ type: 'ADDED', object: run('r1', '102') });
    cp.watches[0].onEvent({ type: 'MODIFIED', object: run('r1', '103', [{ type: 'WorkflowRunning', status: 'True' }]) });
    cp.watches[0].onEvent({ type: 'MODIFIED', object: run('r1', '103') }); // same version: no event
    expect(a.events.map(e => [e.seq, e.event.type, e.event.run.status])).toEqual([[1, 'added', 'Pending'], [2, 'modified', 'Running']]);
    expect(b.events).toHaveLength(2);

    offA();
    expect(cp.open).toHaveLength(1);
    offB();
    expect(cp.open).toHaveLength(0);
    expect(feed.isWatching).toBe(false);
  });

  it('replays from a Last-Event-ID position, and resets when it cannot', async () => {
    const cp = new FakeControlPlane();
    const feed = new NamespaceRunFeed('default', cp as unknown as ControlPlane, mockServices.logger.mock());
    const first = collector();
    const off = feed.subscribe(first.subscriber);
    await cp.watchOpened(1);
    for (let i = 1; i <= 3; i += 1) cp.watches[0].onEvent({ type: 'ADDED', object: run(`r${i}`, String(200 + i)) });
    off();

    const resumed = collector();
    feed.subscribe(resumed.subscriber, { epoch: feed.epoch, seq: 1 });
    expect(resumed.events.map(e => e.event.run.name)).toEqual(['r2', 'r3']);

    const stale = collector();
    feed.subscribe(stale.subscriber, { epoch: 'other-process', seq: 2 });
    expect(stale.resets).toHaveLength(1);
    expect(stale.events).toEqual([]);
    feed.stop();
  });

  it('re-lists on 410 Gone and emits what changed meanwhile', async () => {
    const cp = new FakeControlPlane();
    cp.items = [run('keep', '1'), run('gone', '1')];
    const feed = new NamespaceRunFeed('default', cp as unknown as ControlPlane, mockServices.logger.mock());
    const c = collector();
    feed.subscribe(c.subscriber);
    await cp.watchOpened(1);
    expect(c.events).toEqual([]); // the first list only primes the state

    cp.items = [run('keep', '5', [{ type: 'WorkflowSucceeded', status: 'True' }]), run('new', '6')];
    cp.watches[0].onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } });
    await cp.watchOpened(2);
    expect(cp.listCalls).toBe(2);
    expect(c.events.map(e => [e.event.type, e.event.run.name, e.event.run.status])).toEqual([
      ['deleted', 'gone', 'Pending'],
      ['modified', 'keep', 'Succeeded'],
      ['added', 'new', 'Pending'],
    ]);
    expect(cp.watches[1].resourceVersion).toBe('102');

    // A 410 surfacing as the watch's close error re-lists too.
    cp.watches[1].onClose(new ResourceExpiredError('expired'));
    await cp.watchOpened(3);
    expect(cp.listCalls).toBe(3);
    expect(cp.open).toHaveLength(1);
    feed.stop();
  });
});

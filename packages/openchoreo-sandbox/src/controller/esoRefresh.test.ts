import { Cluster } from '../apiserver/cluster';
import { buildPlaneCrds } from '../crds/buildplane';
import { Scheduler } from '../util/scheduler';
import type { ControllerClock } from './clock';
import { ExternalSecretsEmulator } from './eso';
import { chartClusterSecretStore, ESO_API, storeStatus } from './secretStore';

/**
 * `refreshInterval` (`shouldRefreshPeriodic`, `getRequeueResult`, externalsecret_controller.go@v0.19.2)
 * with a stepped clock: the emulator against an in-process build plane.
 */
describe('the refresh interval', () => {
  const NS = 'openchoreo-ci-default';
  let build: Cluster;
  let scheduler: Scheduler;
  let emulator: ExternalSecretsEmulator;
  let now: Date;
  let timers: Array<{ ms: number; fn: () => void; cancelled: boolean }>;

  beforeEach(() => {
    build = new Cluster('build');
    for (const crd of buildPlaneCrds()) build.applyCrd(crd);
    build.ensureNamespace(NS);
    scheduler = new Scheduler(err => {
      throw err;
    });
    now = new Date('2025-01-01T00:00:00Z');
    timers = [];
    const clock: ControllerClock = {
      now: () => now,
      after: (ms, fn) => {
        const timer = { ms, fn, cancelled: false };
        timers.push(timer);
        return () => {
          timer.cancelled = true;
        };
      },
    };
    emulator = new ExternalSecretsEmulator(build, scheduler, clock);
    emulator.start();
    build.create(
      {
        ...chartClusterSecretStore(),
        status: storeStatus(chartClusterSecretStore(), now),
      },
      'clustersecretstores',
    );
  });
  afterEach(() => {
    emulator.stop();
    scheduler.close();
  });

  /** Resolves once `check` holds, looking now and after every change to the build plane. */
  const until = (check: () => boolean) =>
    new Promise<void>(resolve => {
      if (check()) {
        resolve();
        return;
      }
      const unsubscribe = build.store.subscribe(() =>
        setImmediate(() => {
          if (!check()) return;
          unsubscribe();
          resolve();
        }),
      );
    });

  const externalSecret = (name: string, refreshInterval?: string) =>
    build.create(
      {
        apiVersion: ESO_API,
        kind: 'ExternalSecret',
        metadata: { name, namespace: NS },
        spec: {
          ...(refreshInterval === undefined ? {} : { refreshInterval }),
          secretStoreRef: { name: 'default', kind: 'ClusterSecretStore' },
          data: [{ secretKey: 'token', remoteRef: { key: 'github-pat' } }],
        },
      },
      'externalsecrets',
    );

  const refreshTime = (name: string) =>
    (
      build.get(ESO_API, 'externalsecrets', NS, name)?.status as
        | { refreshTime?: string }
        | undefined
    )?.refreshTime;

  const pending = () => timers.filter(t => !t.cancelled);

  it('syncs again after refreshInterval, each time scheduling the next refresh', async () => {
    externalSecret('every-15s', '15s');
    await until(() => refreshTime('every-15s') === '2025-01-01T00:00:00Z');
    expect(pending().map(t => t.ms)).toEqual([15_000]);
    now = new Date('2025-01-01T00:00:15Z');
    const [timer] = pending();
    timer.cancelled = true;
    timer.fn();
    expect(refreshTime('every-15s')).toBe('2025-01-01T00:00:15Z');
    expect(pending().map(t => t.ms)).toEqual([15_000]);
  });

  it('refreshes hourly by default and never with 0 or an unparsable interval', async () => {
    externalSecret('default-interval');
    externalSecret('once', '0');
    externalSecret('unparsable', '1d');
    await until(() =>
      ['default-interval', 'once', 'unparsable'].every(
        name => refreshTime(name) !== undefined,
      ),
    );
    expect(pending().map(t => t.ms)).toEqual([3_600_000]);
  });

  it('stops refreshing an ExternalSecret that is deleted', async () => {
    externalSecret('short-lived', '15s');
    await until(() => refreshTime('short-lived') !== undefined);
    expect(pending()).toHaveLength(1);
    build.delete(ESO_API, 'externalsecrets', NS, 'short-lived');
    expect(pending()).toHaveLength(0);
  });
});

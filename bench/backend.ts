/**
 * The benchmark's backend process: a real Backstage backend (startTestBackend) with the
 * openchoreo-build plugin, configured from BENCH_CONFIG (JSON). It samples its own memory and
 * answers `{type:'stats'}` / `{type:'rssByKind'}` (bench/smaps.ts) / `{type:'reset'}` (a full GC)
 * / `{type:'reduce'}` (a GC that also returns V8's reserve) / `{type:'stop'}` over IPC. With BENCH_DATASTORES
 * set it uses Backstage's real database and cache services (the config's `backend.database` and
 * `backend.cache`: PostgreSQL and Redis, shared by several of these processes as replicas, or
 * SQLite in a file and the memory cache for one backend) instead of the test backend's in-memory
 * ones.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import openchoreoBuildPlugin from '@openchoreo-build/plugin-openchoreo-build-backend';
import { rssByKind } from './smaps';

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};

async function main() {
  const config = JSON.parse(process.env.BENCH_CONFIG ?? '{}');
  const datastores = process.env.BENCH_DATASTORES
    ? [databaseServiceFactory, cacheServiceFactory]
    : [];
  const backend = await startTestBackend({
    features: [
      ...datastores,
      openchoreoBuildPlugin,
      mockServices.rootConfig.factory({ data: config }),
      // The plugin decides run permissions on the catalog entity that claims the component: the
      // benchmark's component (acme/online-store/react-starter) is claimed; the test backend's
      // permission mock allows everything.
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'acme-react-starter',
              namespace: 'default',
              annotations: {
                'openchoreo.io/namespace': 'acme',
                'openchoreo.io/project': 'online-store',
                'openchoreo.io/component': 'react-starter',
              },
            },
            spec: {
              type: 'website',
              lifecycle: 'experimental',
              owner: 'group:default/app-developers',
            },
          },
        ],
      }),
    ],
  });
  const timer = setInterval(sample, 25);
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'stats') {
      sample();
      const m = process.memoryUsage();
      process.send!({
        type: 'stats',
        peakRss,
        peakHeap,
        rss: m.rss,
        heap: m.heapUsed,
        // Where RSS beyond the used heap goes: V8's reserved heap, Buffers and other external memory.
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
      });
    } else if (message.type === 'rssByKind') {
      process.send!({ type: 'rssByKind', kinds: rssByKind() });
    } else if (message.type === 'reset' || message.type === 'reduce') {
      if (message.type === 'reduce') {
        // The collection V8's memory reducer makes by itself once the process is idle (~45–60 s
        // after bench:scale's lists): besides the garbage, it gives back the pages V8 keeps for
        // reuse and the young generation's reserve, which a plain full GC keeps in RSS.
        global.gc?.({
          type: 'major',
          execution: 'sync',
          flavor: 'last-resort',
        });
      } else {
        global.gc?.();
      }
      peakRss = 0;
      peakHeap = 0;
      sample();
      process.send!({ type: message.type });
    } else if (message.type === 'stop') {
      clearInterval(timer);
      await backend.stop();
      process.exit(0);
    }
  });
  // The IPC channel closes when the benchmark process ends in any way (error, signal, kill): the
  // backend must not outlive it.
  process.on('disconnect', () => process.exit(0));
  process.send!({
    type: 'ready',
    port: (backend.server.address() as { port: number }).port,
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

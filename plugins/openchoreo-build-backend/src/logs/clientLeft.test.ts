import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import type { RunArchiveService } from '../runs/RunArchiveService';
import { StaticObserverCredentials } from '../observer/observerAuth';
import { createLogsRouter } from './logsRouter';
import { StepLogService } from './StepLogService';

// A client that leaves while its log is being read: nobody is left to answer, and nothing is a
// server error. Before, the aborted read reached the error handler, which logged
// "Request failed with status 500 This operation was aborted" for each page a user navigated away from.
describe('a client leaving during a read', () => {
  let observer: http.Server;
  let observerUrl: string;
  let arrived: Promise<void>;
  let server: http.Server;
  let base: string;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let released: Promise<void>;

  beforeEach(async () => {
    // An observer that takes the archive query and never answers (a slow archive search).
    let onArrival!: () => void;
    arrived = new Promise(resolve => {
      onArrival = resolve;
    });
    observer = http.createServer(() => onArrival());
    observer.listen(0, '127.0.0.1');
    await once(observer, 'listening');
    observerUrl = `http://127.0.0.1:${
      (observer.address() as AddressInfo).port
    }`;

    const archive = {
      open: async (namespace: string, name: string) => ({
        source: {
          observer: {
            url: observerUrl,
            credentials: StaticObserverCredentials.none(),
            source: 'config',
            origin: 'openchoreo.build.observer',
          },
          workflowName: name,
          timeoutMs: 15_000,
          maxEntries: 1000,
        },
        archived: { steps: [], truncated: false },
        run: { namespace, name },
      }),
    } as unknown as RunArchiveService;
    const logs = new StepLogService({
      archive,
      // Not reached: the whole-run log reads only the archive.
      controlPlane: {} as never,
      registry: {} as never,
      pollIntervalMs: 100,
      heartbeatMs: 500,
      requestTimeoutMs: 15_000,
    });
    // The route releases its stream slot in its last step (finally): the read is over by then.
    const acquire = logs.streams.acquire.bind(logs.streams);
    released = new Promise(resolve => {
      jest.spyOn(logs.streams, 'acquire').mockImplementation((owner, res) => {
        const release = acquire(owner, res);
        return () => {
          release();
          resolve();
        };
      });
    });

    logger = mockServices.logger.mock();
    // The error handler logs through a child logger (type errorHandler).
    logger.child.mockImplementation(() => logger);
    const app = express();
    app.use(
      '/api/openchoreo-build',
      createLogsRouter({
        httpAuth: mockServices.httpAuth({
          defaultCredentials: mockCredentials.user(),
        }),
        namespaces: ['default'],
        logs,
        authorizeRead: async () => undefined,
      }),
    );
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger,
      }).error(),
    );
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    observer.closeAllConnections();
    server.closeAllConnections();
    await Promise.all([
      new Promise(resolve => observer.close(resolve)),
      new Promise(resolve => server.close(resolve)),
    ]);
  });

  it('ends the whole-run log request quietly: no 500 logged', async () => {
    const request = http.get(
      `${base}/api/openchoreo-build/runs/default/greeter-workflow-1/logs`,
    );
    request.on('error', () => {});
    await arrived;
    request.destroy();
    await released;
    // After the route let go of its slot, an error reaches the error handler within a few turns of
    // the event loop (2 when measured: Express's dispatch); 50 turns leave a wide margin.
    for (let turn = 0; turn < 50 && !logger.error.mock.calls.length; turn += 1)
      await new Promise(resolve => setImmediate(resolve));
    expect(logger.error).not.toHaveBeenCalled();
  });
});

import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { StaticObserverCredentials } from '../observer/observerAuth';
import { fetchArchivePage } from './observerArchive';

/** An observer that answers an endless body: the backend must stop reading at its byte cap. */
describe('observer answers are read under a byte cap', () => {
  let server: http.Server;
  let url: string;
  let sent = 0;
  let status = 200;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        // Stop once the client went away (it cancelled the body).
        while (!res.destroyed && sent < 500 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.write('{"logs":[');
      pump();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  const query = {
    runName: 'wf',
    startTime: '2024-01-01T00:00:00Z',
    endTime: '2024-01-02T00:00:00Z',
    limit: 10,
  };

  it('answers 502 naming the limit instead of buffering a huge page', async () => {
    sent = 0;
    status = 200;
    const observer = {
      url,
      credentials: StaticObserverCredentials.none(),
      source: 'config' as const,
      origin: 'test',
    };
    await expect(
      fetchArchivePage(observer, query, {
        timeoutMs: 10_000,
        maxResponseBytes: 1024 * 1024,
      }),
    ).rejects.toMatchObject({
      name: 'BadGatewayError',
      message: expect.stringMatching(
        /more than 1048576 bytes .*openchoreo\.build\.limits\.observerResponseBytes/,
      ),
    });
    // The transfer was cut off far below the 500 MB the observer would have sent.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('keeps only the start of an error answer', async () => {
    sent = 0;
    status = 500;
    const observer = {
      url,
      credentials: StaticObserverCredentials.none(),
      source: 'config' as const,
      origin: 'test',
    };
    const error = await fetchArchivePage(observer, query, {
      timeoutMs: 10_000,
    }).catch((e: Error) => e);
    expect(error).toMatchObject({
      name: 'BadGatewayError',
      message: expect.stringMatching(/HTTP 500/),
    });
    expect((error as Error).message.length).toBeLessThan(600);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });
});

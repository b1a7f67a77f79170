import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { HttpMethod, RequestContext } from '@kubernetes/client-node';
import {
  boundedHttpLibrary,
  ResponseTooLargeError,
} from './noRedirectHttpLibrary';
import { toClusterError } from './kubernetesErrors';

describe('the cluster transport', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    // Answers `?bytes=N` bytes of JSON, in 1 KiB chunks.
    server = http.createServer((req, res) => {
      const bytes = Number(
        new URL(req.url!, 'http://x').searchParams.get('bytes'),
      );
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const body = `"${'x'.repeat(bytes - 2)}"`;
      for (let i = 0; i < body.length; i += 1024)
        res.write(body.slice(i, i + 1024));
      res.end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/v1/pods`;
  });
  afterAll(() => server.close());

  const get = async (bytes: number, cap: number) => {
    const response = await boundedHttpLibrary(cap)
      .send(new RequestContext(`${url}?bytes=${bytes}`, HttpMethod.GET))
      .toPromise();
    return response.body.text();
  };

  it('reads an answer up to the cap', async () => {
    await expect(get(8 * 1024, 8 * 1024)).resolves.toHaveLength(8 * 1024);
  });

  it('stops reading an answer past the cap and says why, as a 502 naming the cluster', async () => {
    const failure = await get(64 * 1024, 8 * 1024).catch(e => e);
    expect(failure).toBeInstanceOf(ResponseTooLargeError);
    const mapped = toClusterError(failure, 'build plane acme/p', 'list pods');
    expect(mapped).toMatchObject({
      name: 'BadGatewayError',
      message:
        'build plane acme/p request failed for list pods: the answer is larger than 8192 bytes, the most the backend reads from a cluster',
    });
  });
});

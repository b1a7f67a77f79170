import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => void;

export interface TlsOptions {
  key: string;
  cert: string;
  ca: string;
  /** Ask clients for a certificate (verified against `ca`) without requiring one. */
  requestCert: boolean;
}

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * Listens on one port. With `tls` and `plain` both set, the first byte of each
 * connection decides: a TLS ClientHello (0x16) goes to the HTTPS server,
 * anything else to plain HTTP. kubectl only sends bearer tokens over TLS, so the
 * control plane's kubeconfig uses https while its documented URL stays http.
 */
export async function listen(opts: {
  port: number;
  host: string;
  handler: Handler;
  tls?: TlsOptions;
  plain: boolean;
}): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const httpServer = opts.plain ? http.createServer(opts.handler) : undefined;
  const httpsServer = opts.tls
    ? https.createServer(
        {
          key: opts.tls.key,
          cert: opts.tls.cert,
          ca: opts.tls.ca,
          requestCert: opts.tls.requestCert,
          rejectUnauthorized: false,
        },
        opts.handler,
      )
    : undefined;
  for (const s of [httpServer, httpsServer]) {
    // Watches and followed logs are long-lived; no server-side timeouts.
    if (s) {
      s.requestTimeout = 0;
      s.headersTimeout = 60000;
      s.keepAliveTimeout = 5000;
    }
  }
  const server = net.createServer(socket => {
    track(socket);
    socket.once('data', chunk => {
      socket.pause();
      socket.unshift(chunk);
      const target =
        chunk[0] === 0x16
          ? httpsServer ?? httpServer
          : httpServer ?? httpsServer;
      target!.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        httpServer?.close();
        httpsServer?.close();
        server.close(() => resolve());
      }),
  };
}

import { X509Certificate } from 'node:crypto';
import { createServer, connect, TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { createPki, SandboxPki } from './ca';

/**
 * The sandbox's PKI writes PEMs as Go's `pem.Encode` and openssl do: `\n` line endings (forge
 * writes `\r\n`), which is what a real plane's `clientCA.value` and kubeconfig CA data hold. The
 * normalised PEMs must still parse everywhere the sandbox reads them (node:crypto, forge, TLS).
 */
describe('createPki', () => {
  let pki: SandboxPki;
  beforeAll(() => {
    pki = createPki(['sandbox.test']);
  });

  const pems = () =>
    Object.entries({
      ca: pki.ca,
      server: pki.server,
      client: pki.client,
    }).flatMap(([name, pair]) => [
      [`${name}.certPem`, pair.certPem] as const,
      [`${name}.keyPem`, pair.keyPem] as const,
    ]);

  it('writes every PEM with \\n line endings, 64-character base64 lines and a final newline', () => {
    for (const [name, pem] of pems()) {
      expect({ name, hasCarriageReturn: pem.includes('\r') }).toEqual({
        name,
        hasCarriageReturn: false,
      });
      expect(pem).toMatch(
        /^-----BEGIN [A-Z ]+-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END [A-Z ]+-----\n$/,
      );
    }
  });

  it('keeps the certificates readable by node:crypto and forge, issued by the CA', () => {
    for (const pair of [pki.server, pki.client]) {
      const x509 = new X509Certificate(pair.certPem);
      expect(pki.isIssuedByCa(x509)).toBe(true);
      expect(
        forge.pki.certificateFromPem(pair.certPem).issuer.getField('CN').value,
      ).toBe('openchoreo-sandbox-ca');
    }
    expect(new X509Certificate(pki.server.certPem).subjectAltName).toContain(
      'DNS:sandbox.test',
    );
  });

  it('completes a mutual TLS handshake with the normalised PEMs', async () => {
    const server = createServer(
      {
        cert: pki.server.certPem,
        key: pki.server.keyPem,
        ca: pki.ca.certPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      socket => {
        const peer = socket.getPeerCertificate();
        socket.end(String(peer.subject.CN));
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const reply = await new Promise<string>((resolve, reject) => {
        const socket: TLSSocket = connect({
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          ca: pki.ca.certPem,
          cert: pki.client.certPem,
          key: pki.client.keyPem,
        });
        let text = '';
        socket.on('data', chunk => {
          text += chunk;
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toBe('openchoreo-build-agent');
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});

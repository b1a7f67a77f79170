import {
  generateKeyPairSync,
  randomBytes,
  sign as nativeSign,
  X509Certificate,
} from 'node:crypto';
import forge from 'node-forge';

/** PEM-encoded key material; nothing here is ever written to the repository. */
export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface SandboxPki {
  ca: PemPair;
  /** Server certificate for the HTTPS listeners (build plane, gateway). */
  server: PemPair;
  /** Client certificate accepted by the build plane and the cluster gateway. */
  client: PemPair;
  /** True when the given DER/PEM certificate was issued by the sandbox CA. */
  isIssuedByCa(cert: X509Certificate | undefined): boolean;
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * A certificate as PEM with `\n` line endings. forge's `certificateToPem` ends every line with
 * `\r\n`; Go's `pem.Encode`, openssl and Node's `KeyObject.export` write `\n`, so a real
 * plane's `spec.clusterAgent.clientCA.value` or kubeconfig `certificate-authority-data` has no
 * `\r` (`kubectl describe` shows the stray ones).
 */
function certificatePem(cert: forge.pki.Certificate): string {
  return forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');
}

// RSA key generation in pure JS (forge) takes seconds; Node's native generator
// takes milliseconds, so keys come from node:crypto and certificates from forge.
function newKeys(): { publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(
    keyPem,
  ) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { publicKey, keyPem };
}

/**
 * Signs like forge's `cert.sign(key, sha256)` but with Node's native RSA:
 * forge's pure-JS signing is slow, especially under jest.
 */
function signCert(cert: forge.pki.Certificate, signerKeyPem: string): void {
  const oid = forge.pki.oids.sha256WithRSAEncryption;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  cert.md = forge.md.sha256.create();
  // getTBSCertificate exists in forge but is missing from its type definitions.
  const { getTBSCertificate } = forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  const tbs = getTBSCertificate(cert);
  const der = Buffer.from(forge.asn1.toDer(tbs).getBytes(), 'binary');
  cert.signature = nativeSign('sha256', der, signerKeyPem).toString('binary');
}

function serial(): string {
  // Positive serial number: clear the top bit.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate): void {
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000);
}

interface IssueOptions {
  commonName: string;
  organization?: string;
  serverNames?: string[];
  serverIps?: string[];
  client?: boolean;
}

export function createPki(hosts: string[] = []): SandboxPki {
  const caKeys = newKeys();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = caKeys.publicKey;
  caCert.serialNumber = serial();
  validity(caCert);
  const caSubject = [
    { name: 'commonName', value: 'openchoreo-sandbox-ca' },
    { name: 'organizationName', value: 'OpenChoreo Sandbox' },
  ];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCert(caCert, caKeys.keyPem);
  const ca: PemPair = {
    certPem: certificatePem(caCert),
    keyPem: caKeys.keyPem,
  };

  const issue = (opts: IssueOptions): PemPair => {
    const keys = newKeys();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = serial();
    validity(cert);
    const subject = [{ name: 'commonName', value: opts.commonName }];
    if (opts.organization)
      subject.push({ name: 'organizationName', value: opts.organization });
    cert.setSubject(subject);
    cert.setIssuer(caCert.subject.attributes);
    const altNames: Array<{ type: number; value?: string; ip?: string }> = [];
    for (const dns of opts.serverNames ?? [])
      altNames.push({ type: 2, value: dns });
    for (const ip of opts.serverIps ?? []) altNames.push({ type: 7, ip });
    const extensions: object[] = [
      { name: 'basicConstraints', cA: false },
      {
        name: 'keyUsage',
        digitalSignature: true,
        keyEncipherment: true,
        critical: true,
      },
      {
        name: 'extKeyUsage',
        serverAuth: !opts.client,
        clientAuth: !!opts.client,
      },
      {
        name: 'authorityKeyIdentifier',
        keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes(),
      },
    ];
    if (altNames.length) extensions.push({ name: 'subjectAltName', altNames });
    cert.setExtensions(extensions);
    signCert(cert, caKeys.keyPem);
    return { certPem: certificatePem(cert), keyPem: keys.keyPem };
  };

  const ipHosts = [
    '127.0.0.1',
    '::1',
    ...hosts.filter(h => /^[0-9.:]+$/.test(h)),
  ];
  const dnsHosts = ['localhost', ...hosts.filter(h => !/^[0-9.:]+$/.test(h))];
  const server = issue({
    commonName: 'openchoreo-sandbox',
    serverNames: dnsHosts,
    serverIps: ipHosts,
  });
  const client = issue({
    commonName: 'openchoreo-build-agent',
    organization: 'system:masters',
    client: true,
  });

  const caX509 = new X509Certificate(ca.certPem);
  return {
    ca,
    server,
    client,
    isIssuedByCa(cert) {
      if (!cert) return false;
      try {
        return cert.checkIssued(caX509) && cert.verify(caX509.publicKey);
      } catch {
        return false;
      }
    },
  };
}

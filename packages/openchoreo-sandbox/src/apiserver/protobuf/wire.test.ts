import { Writer } from 'protobufjs/minimal';
import { createPki } from '../../tls/ca';
import { ApiError } from '../errors';
import { capturedBody } from './__fixtures__/captured';
import { decodeProtobufBody } from './index';

/**
 * Hand-built messages in the same wire format (https://protobuf.dev/programming-guides/encoding/), for the fields the
 * captured kubectl bodies leave unset and for malformed bodies. Field numbers as in the tables (`meta.ts`, `core.ts`,
 * `pod.ts`), i.e. the Kubernetes v0.32.4 `generated.proto` files.
 */

const LEN = (field: number) => (field << 3) | 2;
const VARINT = (field: number) => field << 3;

/** A field: a string or nested message (length-delimited), a number or bool (varint), or packed int64s. */
type WireField = [number, string | Uint8Array | number | boolean | number[]];

function encode(...fields: WireField[]): Uint8Array {
  const w = Writer.create();
  for (const [n, v] of fields) {
    if (typeof v === 'string') w.uint32(LEN(n)).string(v);
    else if (v instanceof Uint8Array) w.uint32(LEN(n)).bytes(v);
    else if (Array.isArray(v)) {
      w.uint32(LEN(n)).fork();
      v.forEach(x => w.int64(x));
      w.ldelim();
    } else w.uint32(VARINT(n)).int64(Number(v));
  }
  return w.finish();
}

const entry = (key: string, value: string) => encode([1, key], [2, value]);

/** The `k8s\0` prefix and a `runtime.Unknown` {typeMeta{apiVersion, kind}, raw, contentType}. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unknown = encode(
    [1, encode([1, apiVersion], [2, kind])],
    [2, raw],
    [4, 'application/vnd.kubernetes.protobuf'],
  );
  return Buffer.concat([Buffer.from('k8s\0'), unknown]);
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

describe('protobuf messages', () => {
  it('decodes a kubernetes.io/tls Secret (what kubectl create secret tls sends): data values are bytes, kept exactly', () => {
    // A certificate and key made now: no key material is committed.
    const { client } = createPki();
    const bytes = (text: string) => Buffer.from(text, 'utf8');
    const secret = encode(
      [1, encode([1, 'demo-tls'])],
      [2, encode([1, 'tls.crt'], [2, bytes(client.certPem)])],
      [2, encode([1, 'tls.key'], [2, bytes(client.keyPem)])],
      [3, 'kubernetes.io/tls'],
    );
    expect(decodeProtobufBody(envelope('v1', 'Secret', secret))).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-tls' },
      data: {
        'tls.crt': bytes(client.certPem).toString('base64'),
        'tls.key': bytes(client.keyPem).toString('base64'),
      },
      type: 'kubernetes.io/tls',
    });
  });

  it('decodes ObjectMeta (generateName, labels, owner references, finalizers, timestamps) and skips unknown fields', () => {
    const ownerReference = encode(
      [1, 'Workflow'],
      [3, 'wf-1'],
      [4, '1234'],
      [5, 'argoproj.io/v1alpha1'],
      [6, true],
    );
    const meta = encode(
      [2, 'build-'],
      [3, 'openchoreo-ci-default'],
      [7, 0],
      [8, encode([1, 1714557600], [2, 5])],
      [10, 0],
      [11, entry('app', 'demo')],
      [11, entry('tier', 'web')],
      [13, ownerReference],
      [14, 'example.com/cleanup'],
      [14, 'example.com/audit'],
      [17, encode([1, 'kubectl'])], // managedFields: the server's, skipped
      [99, 'a field from a later Kubernetes'],
    );
    const secret = encode(
      [1, meta],
      [4, entry('token', 'plain')],
      [3, 'Opaque'],
      [5, false],
    );
    const skipped: string[] = [];
    const obj = decodeProtobufBody(
      envelope('v1', 'Secret', secret),
      (path, n) => skipped.push(`${path}#${n}`),
    );
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        generateName: 'build-',
        namespace: 'openchoreo-ci-default',
        // Go reads the seconds only (`Time.Unmarshal`) and writes RFC3339 (`Time.MarshalJSON`).
        creationTimestamp: '2024-05-01T10:00:00Z',
        // A pointer: zero is a value, not "unset". `generation` (omitempty, not a pointer) drops its zero.
        deletionGracePeriodSeconds: 0,
        labels: { app: 'demo', tier: 'web' },
        ownerReferences: [
          {
            kind: 'Workflow',
            name: 'wf-1',
            uid: '1234',
            apiVersion: 'argoproj.io/v1alpha1',
            controller: true,
          },
        ],
        finalizers: ['example.com/cleanup', 'example.com/audit'],
      },
      stringData: { token: 'plain' },
      type: 'Opaque',
      immutable: false,
    });
    expect(skipped).toEqual(['Secret.metadata#17', 'Secret.metadata#99']);
  });

  it('decodes a ConfigMap entry whose value is missing as the zero value, like a Go map', () => {
    const configMap = encode([2, encode([1, 'empty'])], [4, true]);
    expect(decodeProtobufBody(envelope('v1', 'ConfigMap', configMap))).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { empty: '' },
      immutable: true,
    });
  });

  it('decodes packed and unpacked repeated numbers, inlined references and host paths in a pod', () => {
    const configMapKeyRef = encode([1, encode([1, 'settings'])], [2, 'color']);
    const env = encode([1, 'COLOR'], [3, encode([3, configMapKeyRef])]);
    const container = encode([1, 'main'], [7, env], [18, false]);
    const hostPath = encode([1, '/var/run'], [2, '']);
    const volume = encode([1, 'run'], [2, encode([1, hostPath])]);
    const securityContext = encode([2, 1000], [4, [2000, 3000]], [4, 4000]);
    const spec = encode([1, volume], [2, container], [14, securityContext]);
    expect(
      decodeProtobufBody(envelope('v1', 'Pod', encode([2, spec]))),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      spec: {
        // `type` is a *HostPathType: set to "", it stays.
        volumes: [{ name: 'run', hostPath: { path: '/var/run', type: '' } }],
        containers: [
          {
            name: 'main',
            env: [
              {
                name: 'COLOR',
                valueFrom: {
                  configMapKeyRef: { name: 'settings', key: 'color' },
                },
              },
            ],
          },
        ],
        securityContext: {
          runAsUser: 1000,
          supplementalGroups: [2000, 3000, 4000],
        },
      },
    });
  });
});

describe('bodies that cannot be decoded', () => {
  it('answers 415 naming the kind and the formats that work, for a kind without a table', () => {
    const err = apiError(() =>
      decodeProtobufBody(envelope('apps/v1', 'Deployment', new Uint8Array())),
    );
    expect(err.code).toBe(415);
    expect(err.reason).toBe('UnsupportedMediaType');
    expect(err.message).toContain('kind "Deployment" (apiVersion "apps/v1")');
    expect(err.message).toContain('v1/Secret');
    expect(err.message).toContain('as JSON or YAML instead');
  });

  const secret = encode([1, encode([1, 'demo'])], [2, entry('k', 'v')]);
  const garbled = Buffer.from(capturedBody('secret-generic'));
  garbled.fill(0xff, 40, 42);

  it.each([
    [
      'a body without the k8s\\0 prefix',
      Buffer.from('{"kind":"Secret"}'),
      'the request body is not a Kubernetes protobuf message: it does not start with the prefix "k8s\\x00" (107 56 115 0) that application/vnd.kubernetes.protobuf requires',
    ],
    [
      'a body cut short inside the envelope',
      capturedBody('secret-generic').subarray(0, 60),
      'the protobuf request body could not be decoded: its runtime.Unknown envelope is malformed (the encoded object says it is 88 bytes long but only 40 remain: the body is truncated)',
    ],
    [
      'an object cut short inside a field',
      envelope('v1', 'Secret', secret.subarray(0, secret.length - 2)),
      'the protobuf request body could not be decoded as v1 Secret: Secret.data says it is 6 bytes long but only 4 remain: the body is truncated',
    ],
    [
      'garbled bytes',
      garbled,
      'the protobuf request body could not be decoded as v1 Secret: Secret is not a valid protobuf message: invalid wire type 7 at offset 23',
    ],
    [
      'an envelope without a kind',
      Buffer.concat([Buffer.from('k8s\0'), encode([1, encode([1, 'v1'])])]),
      'the protobuf request body could not be decoded: its envelope names no kind',
    ],
    [
      'a field with the wrong wire type',
      envelope('v1', 'Secret', encode([3, 7])),
      'the protobuf request body could not be decoded as v1 Secret: Secret.type is encoded as varint, expected length-delimited',
    ],
  ])('answers 400 for %s', (_label, body, message) => {
    const err = apiError(() => decodeProtobufBody(body));
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toBe(message);
  });
});

import type { JsonObject } from '../types';
import {
  CAPTURE_NAMES,
  CAPTURES,
  capturedBody,
  CaptureName,
} from './__fixtures__/captured';
import { decodeProtobufBody } from './index';

/**
 * The decoder against the bodies the real kubectl v1.32.4 sent (`__fixtures__/`); `wire.test.ts` covers the fields
 * those commands leave unset and malformed bodies. The expected objects are what the same kubectl writes for the same
 * command with `--dry-run=client -o json` (Go's encoding/json of the same Go object).
 */

function decode(name: CaptureName): JsonObject {
  return decodeProtobufBody(capturedBody(name));
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const unb64 = (text: unknown): string =>
  Buffer.from(String(text), 'base64').toString('utf8');

describe('bodies captured from kubectl v1.32.4', () => {
  it.each(CAPTURE_NAMES)(
    '%s decodes with every field known to the tables',
    name => {
      const skipped: string[] = [];
      const obj = decodeProtobufBody(capturedBody(name), (path, n) =>
        skipped.push(`${path} field ${n}`),
      );
      expect(skipped).toEqual([]);
      expect(obj.kind).toEqual(expect.any(String));
    },
  );

  it('kubectl create secret generic: the literals as base64 data', () => {
    expect(decode('secret-generic')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'demo-generic', creationTimestamp: null },
      data: {
        password: b64('not-a-real-password'),
        username: b64('demo-user'),
      },
    });
  });

  it('kubectl create secret docker-registry: .dockerconfigjson and its type', () => {
    const secret = decode('secret-docker-registry');
    expect(secret.metadata).toEqual({
      name: 'demo-registry',
      creationTimestamp: null,
    });
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    const data = secret.data as JsonObject;
    expect(Object.keys(data)).toEqual(['.dockerconfigjson']);
    expect(JSON.parse(unb64(data['.dockerconfigjson']))).toEqual({
      auths: {
        'registry.example.com': {
          username: 'demo',
          password: 'dummy-password',
          email: 'demo@example.com',
          auth: b64('demo:dummy-password'),
        },
      },
    });
  });

  it('kubectl create configmap: data, binaryData as base64, and the --save-config annotation', () => {
    const configMap = decode('configmap');
    const expectedContent = {
      data: { 'app.properties': 'color=blue\n', color: 'blue' },
      binaryData: {
        'logo.bin': Buffer.from([0, 1, 2, 0xff, 0xfe]).toString('base64'),
      },
    };
    expect(configMap).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'demo-config',
        creationTimestamp: null,
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            expect.any(String),
        },
      },
      ...expectedContent,
    });
    // The annotation is kubectl's own JSON of the object: the decoded form must say the same.
    const annotations = (configMap.metadata as JsonObject)
      .annotations as JsonObject;
    const lastApplied = JSON.parse(
      String(annotations['kubectl.kubernetes.io/last-applied-configuration']),
    );
    expect(lastApplied).toEqual({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'demo-config', creationTimestamp: null },
      ...expectedContent,
    });
  });

  it('kubectl create namespace and serviceaccount', () => {
    expect(decode('namespace')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'demo-ns', creationTimestamp: null },
      spec: {},
      status: {},
    });
    expect(decode('serviceaccount')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'demo-sa', creationTimestamp: null },
    });
  });

  it('kubectl debug --copy-to: the copied pod spec plus the debug container', () => {
    const pod = decode('pod-debug-copy');
    const metadata = pod.metadata as JsonObject;
    expect(metadata.name).toBe('demo-app-debug');
    expect(metadata.namespace).toBe('openchoreo-ci-default');
    expect((metadata.annotations as JsonObject)['example.com/note']).toBe(
      'dummy',
    );
    expect(pod.status).toEqual({});
    expect(pod.spec).toEqual({
      volumes: [
        { name: 'work', emptyDir: {} },
        { name: 'config', configMap: { name: 'demo-config' } },
        { name: 'creds', secret: { secretName: 'demo-generic' } },
      ],
      containers: [
        {
          name: 'main',
          image: 'nginx:1.27',
          command: ['sh', '-c'],
          args: ['echo hi'],
          workingDir: '/work',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [
            { name: 'GREETING', value: 'hello' },
            {
              name: 'PASSWORD',
              valueFrom: {
                secretKeyRef: { name: 'demo-generic', key: 'password' },
              },
            },
          ],
          resources: {
            limits: { memory: '128Mi' },
            requests: { cpu: '100m', memory: '64Mi' },
          },
          volumeMounts: [
            { name: 'work', mountPath: '/work' },
            { name: 'config', readOnly: true, mountPath: '/etc/config' },
          ],
          imagePullPolicy: 'IfNotPresent',
        },
        {
          name: 'debugger',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          resources: {},
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 5,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'workflow-sa',
    });
  });

  it('kubectl auth can-i: resource, subresource and non-resource access reviews', () => {
    const review = (spec: JsonObject) => ({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: false },
    });
    expect(decode('ssar')).toEqual(
      review({
        resourceAttributes: {
          namespace: 'capture-ns',
          verb: 'create',
          resource: 'secrets',
        },
      }),
    );
    expect(decode('ssar-subresource')).toEqual(
      review({
        resourceAttributes: {
          namespace: 'capture-ns',
          verb: 'get',
          resource: 'pods',
          subresource: 'log',
        },
      }),
    );
    expect(decode('ssar-nonresource')).toEqual(
      review({ nonResourceAttributes: { path: '/healthz', verb: 'get' } }),
    );
  });

  it('kubectl auth can-i --list and kubectl auth whoami', () => {
    expect(decode('ssrr')).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: { creationTimestamp: null },
      spec: { namespace: 'capture-ns' },
      status: { incomplete: false },
    });
    expect(decode('ssr')).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    });
  });

  it('every capture is a POST in protobuf to the endpoint of its kind', () => {
    for (const name of CAPTURE_NAMES) {
      const { request, contentType } = CAPTURES[name];
      const { kind } = decode(name);
      expect(contentType).toBe('application/vnd.kubernetes.protobuf');
      expect(request).toMatch(
        new RegExp(`^POST \\S*/${String(kind).toLowerCase()}s(\\?|$)`),
      );
    }
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { Cluster } from './apiserver/cluster';
import { ApiServer } from './apiserver/http';
import { isRecord, KObject } from './apiserver/types';
import { WorkflowRunner } from './controller/argo/runner';
import { isTrue, readConditions } from './controller/conditions';
import { ExternalSecretsEmulator } from './controller/eso';
import { RunController } from './controller/runs';
import { buildPlaneCrds } from './crds/buildplane';
import { openChoreoCrds } from './crds/openchoreo';
import { gatewayHandler } from './gateway/gateway';
import { observerHandler } from './observer/observer';
import { seed } from './seed';
import { backstageConfig, kubeconfig, SandboxEndpoints, writeState } from './state';
import { b64, createPki } from './tls/ca';
import { listen, Listener } from './util/listen';
import { Scheduler } from './util/scheduler';

export interface SandboxOptions {
  /** 0 = free ports. Default 18080: control plane, +1 build plane, +2 gateway, +3 observer. */
  portBase?: number;
  host?: string;
  /** fast: a build in a few seconds; realistic (default): 1–3 minutes; number: multiplier of realistic durations. */
  speed?: 'fast' | 'realistic' | number;
  /** Argo ttlStrategy.secondsAfterCompletion given to every workflow; default 3600, or 20 when fast. */
  ttlSecondsAfterCompletion?: number;
  seed?: boolean;
  /** Extra CRD YAML file or directory loaded into the control plane at start. */
  crdsDir?: string;
  /** Where kubeconfigs and endpoints.json go; default `<repo root>/.sandbox`. */
  stateDir?: string;
  log?: (line: string) => void;
  /** Watch history kept per cluster (older resourceVersions answer 410). */
  watchHistory?: number;
  /** Interval of watch BOOKMARK events when clients allow them (default 10 s). */
  watchBookmarkIntervalMs?: number;
}

export type { SandboxEndpoints };

export interface Sandbox {
  endpoints: SandboxEndpoints;
  /** In-process access to the emulated clusters (tests, tools). */
  controlPlane: Cluster;
  buildPlane: Cluster;
  /** Resolves with the run once its condition `type` is True (e.g. `WorkflowSucceeded`). */
  waitForRunCondition(namespace: string, name: string, type: string, timeoutMs?: number): Promise<KObject>;
  /** Resolves once `predicate` holds for the object (checked now and on every change). */
  waitForObject(
    cluster: Cluster,
    apiVersion: string,
    plural: string,
    namespace: string | undefined,
    name: string,
    predicate: (obj: KObject | undefined) => boolean,
    timeoutMs?: number,
  ): Promise<KObject | undefined>;
  close(): Promise<void>;
}

export const FAST_SPEED = 0.02;

/** Where OpenChoreo keeps the auto-build webhook secrets (keys github-secret, gitlab-secret, bitbucket-secret). */
export const WEBHOOK_SECRET_NAMESPACE = 'openchoreo-control-plane';
export const WEBHOOK_SECRET_NAME = 'git-webhook-secrets';

function resolveSpeed(speed: SandboxOptions['speed']): number {
  if (speed === 'fast') return FAST_SPEED;
  if (speed === undefined || speed === 'realistic') return 1;
  if (typeof speed === 'number' && speed > 0) return speed;
  throw new Error(`invalid speed: ${String(speed)}`);
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

/** CRD objects from a YAML/JSON file or every such file in a directory. */
export function readCrds(path: string): KObject[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter(f => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map(f => join(path, f))
    : [path];
  const out: KObject[] = [];
  for (const file of files) {
    for (const doc of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
      const obj = doc.toJS();
      if (isRecord(obj) && obj.kind === 'CustomResourceDefinition') out.push(obj as KObject);
    }
  }
  return out;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const speed = resolveSpeed(options.speed);
  const ttlSeconds = options.ttlSecondsAfterCompletion ?? (options.speed === 'fast' ? 20 : 3600);
  const stateDir = resolve(options.stateDir ?? defaultStateDir());
  const base = options.portBase ?? 18080;
  const port = (offset: number): number => (base === 0 ? 0 : base + offset);

  const pki = createPki(host === '0.0.0.0' || host === '::' ? [] : [host]);
  const caData = b64(pki.ca.certPem);
  const cpTokens = { admin: token(), viewer: token() };
  const bpTokens = { admin: token(), viewer: token() };
  const observerCreds = { username: 'observer', password: token() };
  const webhookSecrets = {
    secretNamespace: WEBHOOK_SECRET_NAMESPACE,
    secretName: WEBHOOK_SECRET_NAME,
    githubSecret: token(),
    gitlabSecret: token(),
    // Bitbucket authenticates deliveries with the webhook's UUID (X-Hook-UUID).
    bitbucketSecret: randomUUID(),
  };

  const control = new Cluster('control-plane', options.watchHistory);
  const build = new Cluster('build-plane', options.watchHistory);
  for (const crd of openChoreoCrds()) control.applyCrd(crd as unknown as KObject);
  for (const crd of buildPlaneCrds()) build.applyCrd(crd as unknown as KObject);
  if (options.crdsDir) {
    for (const crd of readCrds(options.crdsDir)) control.applyCrd(crd);
    log(`loaded CRDs from ${options.crdsDir}`);
  }
  control.ensureNamespace('default');
  build.ensureNamespace('default');
  // Part of OpenChoreo's installation (not of the demo seed): the auto-build webhook secrets.
  control.ensureNamespace(WEBHOOK_SECRET_NAMESPACE);
  control.create(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: WEBHOOK_SECRET_NAME, namespace: WEBHOOK_SECRET_NAMESPACE },
      type: 'Opaque',
      data: {
        'github-secret': b64(webhookSecrets.githubSecret),
        'gitlab-secret': b64(webhookSecrets.gitlabSecret),
        'bitbucket-secret': b64(webhookSecrets.bitbucketSecret),
      },
    },
    'secrets',
  );

  const listeners: Listener[] = [];
  let cpAddress = '';
  let bpAddress = '';
  const tls = { key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem };
  const cpServer = new ApiServer(control, { adminToken: cpTokens.admin, readOnlyToken: cpTokens.viewer }, () => cpAddress, options.watchBookmarkIntervalMs);
  const bpServer = new ApiServer(
    build,
    { adminToken: bpTokens.admin, readOnlyToken: bpTokens.viewer, isTrustedClientCert: c => pki.isIssuedByCa(c) },
    () => bpAddress,
    options.watchBookmarkIntervalMs,
  );
  try {
    const cp = await listen({ port: port(0), host, handler: cpServer.handle, plain: true, tls: { ...tls, requestCert: false } });
    listeners.push(cp);
    const bp = await listen({ port: port(1), host, handler: bpServer.handle, plain: false, tls: { ...tls, requestCert: true } });
    listeners.push(bp);
    cpAddress = `${host}:${cp.port}`;
    bpAddress = `${host}:${bp.port}`;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const buildPlaneUrl = `https://${urlHost}:${bp.port}`;
    const gw = await listen({
      port: port(2),
      host,
      plain: false,
      tls: { ...tls, requestCert: true },
      handler: gatewayHandler({
        control,
        buildPlaneUrl,
        buildPlaneToken: bpTokens.admin,
        caPem: pki.ca.certPem,
        isTrustedClientCert: c => pki.isIssuedByCa(c),
      }),
    });
    listeners.push(gw);
    const obs = await listen({
      port: port(3),
      host,
      plain: true,
      handler: observerHandler({ logs: build.logs, ...observerCreds }),
    });
    listeners.push(obs);

    const endpoints: SandboxEndpoints = {
      controlPlane: {
        url: `http://${urlHost}:${cp.port}`,
        token: cpTokens.admin,
        readOnlyToken: cpTokens.viewer,
        kubeconfigPath: join(stateDir, 'control-plane.kubeconfig'),
      },
      buildPlane: {
        url: buildPlaneUrl,
        token: bpTokens.admin,
        readOnlyToken: bpTokens.viewer,
        caData,
        kubeconfigPath: join(stateDir, 'build-plane.kubeconfig'),
      },
      clusterGateway: {
        url: `https://${urlHost}:${gw.port}`,
        caData,
        clientCertData: b64(pki.client.certPem),
        clientKeyData: b64(pki.client.keyPem),
      },
      observer: { url: `http://${urlHost}:${obs.port}`, ...observerCreds },
      webhooks: webhookSecrets,
    };

    const scheduler = new Scheduler(err => log(`controller error: ${(err as Error)?.stack ?? String(err)}`));
    const runner = new WorkflowRunner(build, scheduler, speed);
    const eso = new ExternalSecretsEmulator(build, scheduler);
    const runs = new RunController(control, build, scheduler, ttlSeconds, log);
    eso.start();
    runner.start();
    runs.start();
    if (options.seed !== false) {
      seed({
        control,
        build,
        runner,
        ttlSeconds,
        buildPlaneUrl,
        observer: { url: endpoints.observer.url, ...observerCreds },
        caPem: pki.ca.certPem,
        clientCertPem: pki.client.certPem,
        clientKeyPem: pki.client.keyPem,
      });
    }

    writeState(stateDir, {
      // kubectl sends bearer tokens only over TLS, so the kubeconfig uses the
      // TLS side of the control plane's dual http/https port.
      'control-plane.kubeconfig': kubeconfig({
        name: 'openchoreo-sandbox-control-plane',
        server: `https://${urlHost}:${cp.port}`,
        caData,
        adminToken: cpTokens.admin,
        readOnlyToken: cpTokens.viewer,
        namespace: 'default',
      }),
      'build-plane.kubeconfig': kubeconfig({
        name: 'openchoreo-sandbox-build-plane',
        server: buildPlaneUrl,
        caData,
        adminToken: bpTokens.admin,
        readOnlyToken: bpTokens.viewer,
        namespace: 'openchoreo-ci-default',
        clientCertData: endpoints.clusterGateway.clientCertData,
        clientKeyData: endpoints.clusterGateway.clientKeyData,
      }),
      'backstage.json': `${JSON.stringify(
        backstageConfig(endpoints, `https://${urlHost}:${cp.port}`, caData),
        null,
        2,
      )}\n`,
      // Written last: its presence tells scripts that the sandbox is ready.
      'endpoints.json': `${JSON.stringify(endpoints, null, 2)}\n`,
    });

    const waitForObject: Sandbox['waitForObject'] = (cluster, apiVersion, plural, namespace, name, predicate, timeoutMs = 60000) =>
      new Promise((resolvePromise, reject) => {
        const check = (): boolean => {
          const obj = cluster.get(apiVersion, plural, namespace, name);
          if (!predicate(obj)) return false;
          cleanup();
          resolvePromise(obj);
          return true;
        };
        const unsubscribe = cluster.store.subscribe(event => {
          if (event.object.metadata.name === name && event.object.metadata.namespace === namespace) check();
        });
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${plural} ${namespace ?? ''}/${name}`));
        }, timeoutMs);
        function cleanup(): void {
          unsubscribe();
          clearTimeout(timer);
        }
        check();
      });

    let closed = false;
    const sandbox: Sandbox = {
      endpoints,
      controlPlane: control,
      buildPlane: build,
      waitForObject,
      waitForRunCondition: async (namespace, name, type, timeoutMs) =>
        (await waitForObject(control, 'openchoreo.dev/v1alpha1', 'componentworkflowruns', namespace, name, run => !!run && isTrue(readConditions(run.status), type), timeoutMs))!,
      close: async () => {
        if (closed) return;
        closed = true;
        scheduler.close();
        runs.stop();
        runner.stop();
        eso.stop();
        await Promise.all(listeners.map(l => l.close()));
      },
    };
    log(`control plane ${endpoints.controlPlane.url}, build plane ${endpoints.buildPlane.url}, gateway ${endpoints.clusterGateway.url}, observer ${endpoints.observer.url}`);
    return sandbox;
  } catch (err) {
    await Promise.all(listeners.map(l => l.close()));
    throw err;
  }
}

/** `<repo root>/.sandbox`: the package runs from source, so the root is three levels up. */
export function defaultStateDir(): string {
  // eslint-disable-next-line no-restricted-syntax
  return resolve(join(__dirname, '..', '..', '..', '.sandbox'));
}

export function stateExists(dir: string): boolean {
  return existsSync(join(dir, 'endpoints.json'));
}

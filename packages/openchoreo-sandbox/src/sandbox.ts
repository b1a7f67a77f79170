import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Cluster } from './apiserver/cluster';
import { ApiServer } from './apiserver/http';
import type { KObject } from './apiserver/types';
import type { PodNameFormat } from './controller/argo/names';
import { WorkflowRunner } from './controller/argo/runner';
import type { ControllerClock } from './controller/clock';
import { isTrue, readConditions } from './controller/conditions';
import { ExternalSecretsEmulator } from './controller/eso';
import { RunController } from './controller/runs';
import {
  startWorkflowRunController,
  WorkflowRunController,
} from './controller/workflowRun';
import { buildPlaneCrds } from './crds/buildplane';
import {
  ControlPlaneApi,
  controlPlaneCrds,
  serveV1CrdsInV1Org,
} from './crds/v1';
import { readCrds } from './crds/readCrds';
import { gatewayHandler } from './gateway/gateway';
import { issuerHandler } from './idp/handler';
import { TokenIssuer } from './idp/issuer';
import { ObserverAuthConfig, observerHandler } from './observer/observer';
import { seed, SeedContext } from './seed';
import {
  BenchOrganizationOptions,
  RunHistory,
  RunHistoryOptions,
  seedBenchOrganization,
  seedRunHistory,
} from './seed/bulk';
import type { SeedOrg } from './seed/catalog';
import { AGENT_NAMESPACE, clusterAgentTlsSecret } from './installation';
import {
  backstageConfig,
  kubeconfig,
  SandboxEndpoints,
  writeState,
} from './state';
import { b64, createPki, SandboxPki } from './tls/ca';
import { listen, Listener } from './util/listen';
import { Scheduler } from './util/scheduler';

export interface SandboxOptions {
  /**
   * 0 = free ports. Default 18080: control plane, +1 build plane, +2 gateway, +3 observer,
   * +4 token issuer (observer auth `jwt` only).
   */
  portBase?: number;
  /**
   * How the observer authenticates: `jwt` (default, as OpenChoreo v0.9's observer: bearer tokens
   * from the sandbox's own token issuer), `basic` (sandbox only) or `none` (`JWT_DISABLED`).
   */
  observerAuth?: ObserverAuthMode;
  host?: string;
  /** fast: a build in a few seconds; realistic (default): 1–3 minutes; number: multiplier of realistic durations. */
  speed?: 'fast' | 'realistic' | number;
  /** Argo ttlStrategy.secondsAfterCompletion given to every workflow; default 3600, or 20 when fast. */
  ttlSecondsAfterCompletion?: number;
  /**
   * The emulated Argo controller's `POD_NAMES`: `v1` names step pods after their node ids, `v2`
   * (Argo's default) `<wf>-<template>-<hash>`. Default: the `POD_NAMES` environment variable, as Argo.
   */
  argoPodNames?: PodNameFormat;
  seed?: boolean;
  /**
   * The OpenChoreo API the control plane serves: `mixed` (default) the v0.9 organizations beside
   * `nova` on v1.2.3; `v1` the real v1.2.3 CRDs only, with `nova` alone (`crds/v1.ts`).
   */
  api?: ControlPlaneApi;
  /** Extra CRD YAML file or directory loaded into the control plane at start. */
  crdsDir?: string;
  /** Where kubeconfigs and endpoints.json go; default `<repo root>/.sandbox`. */
  stateDir?: string;
  log?: (line: string) => void;
  /** Watch history kept per cluster (older resourceVersions answer 410). */
  watchHistory?: number;
  /** Interval of watch BOOKMARK events when clients allow them (default 10 s). */
  watchBookmarkIntervalMs?: number;
  /**
   * Run status lags the Argo Workflow as in OpenChoreo v0.9: synced every 20 s while it runs
   * (`controller.go@v0.9.0:251`), not on every change. Default off.
   */
  realisticStatus?: boolean;
  /** The run controller's clock (condition times, requeue timers); tests inject one to skip the 20 s. */
  runControllerClock?: ControllerClock;
}

export type { SandboxEndpoints };

export type ObserverAuthMode = 'jwt' | 'basic' | 'none';

/** The `aud` the observer expects and the issuer's tokens carry. */
export const OBSERVER_AUDIENCE = 'openchoreo-observer';

export interface Sandbox {
  endpoints: SandboxEndpoints;
  /** In-process access to the emulated clusters (tests, tools). */
  controlPlane: Cluster;
  buildPlane: Cluster;
  /** Resolves with the run once its condition `type` is True (e.g. `WorkflowSucceeded`). */
  waitForRunCondition(
    namespace: string,
    name: string,
    type: string,
    timeoutMs?: number,
  ): Promise<KObject>;
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
  /**
   * Benchmarks: a v0.9 organization with its BuildPlane, project and components, as the seed
   * makes `acme` and `default` (`seed/bulk.ts`). Needs the `mixed` API.
   */
  seedOrganization(options: BenchOrganizationOptions): SeedOrg;
  /**
   * Benchmarks: `count` finished runs (Succeeded/Failed, seeded-history statuses, no Workflows or
   * pods) in an organization, in seconds for 100,000; answers their names (`seed/bulk.ts`).
   */
  seedRunHistory(options: RunHistoryOptions): RunHistory;
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

/** Options with their defaults applied. */
interface Settings {
  log: (line: string) => void;
  host: string;
  speed: number;
  ttlSeconds: number;
  stateDir: string;
  realisticStatus: boolean;
  runControllerClock?: ControllerClock;
  argoPodNames?: PodNameFormat;
  observerAuth: ObserverAuthMode;
  /** The port of listener `offset` (0 control plane, 1 build plane, 2 gateway, 3 observer, 4 token issuer); 0 = any free port. */
  port(offset: number): number;
}

interface TokenPair {
  admin: string;
  viewer: string;
}

/** Keys, certificates, tokens and passwords: generated at every start, never stored in the repository. */
interface Credentials {
  pki: SandboxPki;
  /** The CA certificate, base64 PEM (kubeconfig `certificate-authority-data`). */
  caData: string;
  controlPlane: TokenPair;
  /** `agent`: the cluster agent's ServiceAccount token, used by the gateway's tunnel. */
  buildPlane: TokenPair & { agent: string };
  observer: { username: string; password: string };
  webhooks: SandboxEndpoints['webhooks'];
}

interface Clusters {
  control: Cluster;
  build: Cluster;
}

/** Where the listeners ended up (ports may have been picked by the OS). */
interface Addresses {
  /** The host as it goes into a URL (IPv6 in brackets). */
  urlHost: string;
  controlPlanePort: number;
  buildPlaneUrl: string;
  gatewayPort: number;
  observerPort: number;
  /** The observer's token issuer (observer auth `jwt`), listening on its own port. */
  tokenIssuer?: TokenIssuer;
}

interface Controllers {
  scheduler: Scheduler;
  runner: WorkflowRunner;
  eso: ExternalSecretsEmulator;
  runs: RunController;
  /** The v1.2.3 WorkflowRun controller (WorkflowRun → Argo Workflow in `workflows-<ns>`). */
  workflowRuns: WorkflowRunController;
}

function resolveSettings(options: SandboxOptions): Settings {
  const base = options.portBase ?? 18080;
  return {
    log: options.log ?? (() => {}),
    host: options.host ?? '127.0.0.1',
    speed: resolveSpeed(options.speed),
    ttlSeconds:
      options.ttlSecondsAfterCompletion ??
      (options.speed === 'fast' ? 20 : 3600),
    stateDir: resolve(options.stateDir ?? defaultStateDir()),
    realisticStatus: options.realisticStatus ?? false,
    runControllerClock: options.runControllerClock,
    argoPodNames: options.argoPodNames,
    observerAuth: resolveObserverAuth(options.observerAuth),
    port: offset => (base === 0 ? 0 : base + offset),
  };
}

function resolveObserverAuth(
  mode: SandboxOptions['observerAuth'],
): ObserverAuthMode {
  if (mode === undefined) return 'jwt';
  if (mode === 'jwt' || mode === 'basic' || mode === 'none') return mode;
  throw new Error(
    `invalid observerAuth: ${String(mode)} (use jwt, basic or none)`,
  );
}

/**
 * The token issuer on its own port: a separate origin, as an identity provider is. The handler is
 * bound once the port is known, because the issuer URL (the tokens' `iss`) contains it.
 */
async function startTokenIssuer(
  settings: Settings,
  urlHost: string,
  listeners: Listener[],
): Promise<TokenIssuer> {
  const bound: { handler?: ReturnType<typeof issuerHandler> } = {};
  const listener = await listen({
    port: settings.port(4),
    host: settings.host,
    plain: true,
    handler: (req, res) => {
      if (bound.handler) bound.handler(req, res);
      else res.writeHead(503).end();
    },
  });
  listeners.push(listener);
  const issuer = await TokenIssuer.create({
    issuer: `http://${urlHost}:${listener.port}`,
    audience: OBSERVER_AUDIENCE,
  });
  bound.handler = issuerHandler(issuer);
  return issuer;
}

/** What the observer checks in each auth mode. */
function observerAuthConfig(
  mode: ObserverAuthMode,
  credentials: Credentials,
  issuer: TokenIssuer | undefined,
): ObserverAuthConfig {
  if (mode === 'basic') return { type: 'basic', ...credentials.observer };
  if (mode === 'none' || !issuer) return { type: 'none' };
  return {
    type: 'jwt',
    jwksUrl: issuer.urls.jwksUrl,
    issuer: issuer.urls.issuer,
    audience: issuer.audience,
  };
}

/** What a client of the observer needs in each auth mode (endpoints.json). */
function observerAuthEndpoint(
  mode: ObserverAuthMode,
  credentials: Credentials,
  issuer: TokenIssuer | undefined,
): SandboxEndpoints['observer']['auth'] {
  if (mode === 'basic') return { type: 'basic', ...credentials.observer };
  if (mode === 'none' || !issuer) return { type: 'none' };
  return {
    type: 'jwt',
    tokenUrl: issuer.urls.tokenUrl,
    clientId: issuer.clientId,
    clientSecret: issuer.clientSecret,
    audience: issuer.audience,
  };
}

function createCredentials(host: string): Credentials {
  // A wildcard listen address is no name a client connects to, so the server certificate leaves it out.
  const pki = createPki(host === '0.0.0.0' || host === '::' ? [] : [host]);
  return {
    pki,
    caData: b64(pki.ca.certPem),
    controlPlane: { admin: token(), viewer: token() },
    buildPlane: { admin: token(), viewer: token(), agent: token() },
    observer: { username: 'observer', password: token() },
    webhooks: {
      secretNamespace: WEBHOOK_SECRET_NAMESPACE,
      secretName: WEBHOOK_SECRET_NAME,
      githubSecret: token(),
      gitlabSecret: token(),
      // Bitbucket authenticates deliveries with the webhook's UUID (X-Hook-UUID).
      bitbucketSecret: randomUUID(),
    },
  };
}

/** Both clusters with their CRDs and the namespaces and secrets an OpenChoreo installation has before any seed. */
function createClusters(
  options: SandboxOptions,
  credentials: Credentials,
  log: Settings['log'],
): Clusters {
  const control = new Cluster('control-plane', options.watchHistory);
  const build = new Cluster('build-plane', options.watchHistory);
  const api = options.api ?? 'mixed';
  if (api !== 'mixed' && api !== 'v1')
    throw new Error(`invalid api: ${String(api)} (use mixed or v1)`);
  for (const crd of controlPlaneCrds(api)) control.applyCrd(crd);
  if (api === 'mixed') serveV1CrdsInV1Org(control);
  for (const crd of buildPlaneCrds()) build.applyCrd(crd as unknown as KObject);
  if (options.crdsDir) {
    for (const crd of readCrds(options.crdsDir)) control.applyCrd(crd);
    log(`loaded CRDs from ${options.crdsDir}`);
  }
  control.ensureNamespace('default');
  build.ensureNamespace('default');
  build.ensureNamespace(AGENT_NAMESPACE);
  build.create(clusterAgentTlsSecret(credentials.pki), 'secrets');
  // Part of OpenChoreo's installation (not of the demo seed): the auto-build webhook secrets.
  const { webhooks } = credentials;
  control.ensureNamespace(WEBHOOK_SECRET_NAMESPACE);
  control.create(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: WEBHOOK_SECRET_NAME,
        namespace: WEBHOOK_SECRET_NAMESPACE,
      },
      type: 'Opaque',
      data: {
        'github-secret': b64(webhooks.githubSecret),
        'gitlab-secret': b64(webhooks.gitlabSecret),
        'bitbucket-secret': b64(webhooks.bitbucketSecret),
      },
    },
    'secrets',
  );
  return { control, build };
}

/**
 * Opens the four ports in order. Each listener is added to `listeners` as soon
 * as it is open, so the caller can close what was opened if a later one fails.
 */
async function startListeners(
  settings: Settings,
  options: SandboxOptions,
  credentials: Credentials,
  { control, build }: Clusters,
  listeners: Listener[],
): Promise<Addresses> {
  const { host, port } = settings;
  const { pki } = credentials;
  // The API servers learn their own address (for discovery) only once they listen.
  let cpAddress = '';
  let bpAddress = '';
  const tls = {
    key: pki.server.keyPem,
    cert: pki.server.certPem,
    ca: pki.ca.certPem,
  };
  const cpTokens = {
    adminToken: credentials.controlPlane.admin,
    readOnlyToken: credentials.controlPlane.viewer,
  };
  const cpServer = new ApiServer(
    control,
    cpTokens,
    () => cpAddress,
    options.watchBookmarkIntervalMs,
  );
  const bpServer = new ApiServer(
    build,
    {
      adminToken: credentials.buildPlane.admin,
      readOnlyToken: credentials.buildPlane.viewer,
      agentToken: credentials.buildPlane.agent,
      isTrustedClientCert: c => pki.isIssuedByCa(c),
    },
    () => bpAddress,
    options.watchBookmarkIntervalMs,
  );
  const cp = await listen({
    port: port(0),
    host,
    handler: cpServer.handle,
    plain: true,
    tls: { ...tls, requestCert: false },
  });
  listeners.push(cp);
  const bp = await listen({
    port: port(1),
    host,
    handler: bpServer.handle,
    plain: false,
    tls: { ...tls, requestCert: true },
  });
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
    // Asks for a client certificate and verifies none on /api/proxy, like OpenChoreo's gateway.
    handler: gatewayHandler({
      control,
      buildPlaneUrl,
      // The agent's own identity: the build plane authorizes it with the v0.9 agent ClusterRole.
      buildPlaneToken: credentials.buildPlane.agent,
      caPem: pki.ca.certPem,
    }),
  });
  listeners.push(gw);
  const tokenIssuer =
    settings.observerAuth === 'jwt'
      ? await startTokenIssuer(settings, urlHost, listeners)
      : undefined;
  const obs = await listen({
    port: port(3),
    host,
    plain: true,
    handler: observerHandler({
      logs: build.logs,
      auth: observerAuthConfig(settings.observerAuth, credentials, tokenIssuer),
    }),
  });
  listeners.push(obs);
  return {
    urlHost,
    controlPlanePort: cp.port,
    buildPlaneUrl,
    gatewayPort: gw.port,
    observerPort: obs.port,
    tokenIssuer,
  };
}

function endpointsOf(
  settings: Settings,
  credentials: Credentials,
  addresses: Addresses,
): SandboxEndpoints {
  const { stateDir } = settings;
  const { caData, pki } = credentials;
  const { urlHost } = addresses;
  return {
    controlPlane: {
      url: `http://${urlHost}:${addresses.controlPlanePort}`,
      token: credentials.controlPlane.admin,
      readOnlyToken: credentials.controlPlane.viewer,
      kubeconfigPath: join(stateDir, 'control-plane.kubeconfig'),
    },
    buildPlane: {
      url: addresses.buildPlaneUrl,
      token: credentials.buildPlane.admin,
      readOnlyToken: credentials.buildPlane.viewer,
      caData,
      kubeconfigPath: join(stateDir, 'build-plane.kubeconfig'),
    },
    clusterGateway: {
      url: `https://${urlHost}:${addresses.gatewayPort}`,
      caData,
      clientCertData: b64(pki.client.certPem),
      clientKeyData: b64(pki.client.keyPem),
    },
    observer: {
      url: `http://${urlHost}:${addresses.observerPort}`,
      auth: observerAuthEndpoint(
        settings.observerAuth,
        credentials,
        addresses.tokenIssuer,
      ),
      // Deprecated (the backend's test config still reads them): checked in `basic` mode only.
      ...credentials.observer,
    },
    webhooks: credentials.webhooks,
  };
}

/** The emulated controllers, started in dependency order (secrets before workflows before runs). */
function startControllers(
  settings: Settings,
  { control, build }: Clusters,
  api: ControlPlaneApi,
): Controllers {
  const { log } = settings;
  const scheduler = new Scheduler(err =>
    log(`controller error: ${(err as Error)?.stack ?? String(err)}`),
  );
  const runner = new WorkflowRunner(
    build,
    scheduler,
    settings.speed,
    settings.argoPodNames,
  );
  const eso = new ExternalSecretsEmulator(build, scheduler);
  const runs = new RunController(control, build, scheduler, {
    ttlSeconds: settings.ttlSeconds,
    log,
    realisticStatus: settings.realisticStatus,
    clock: settings.runControllerClock,
  });
  eso.start();
  runner.start();
  // The v0.9 run controller watches ComponentWorkflowRuns, which a v1 control plane does not serve.
  if (api === 'mixed') runs.start();
  const workflowRuns = startWorkflowRunController(control, build, scheduler, {
    log,
    clock: settings.runControllerClock,
    // Fast sandboxes scale a run's ttlAfterCompletion like every other duration, capped at the
    // workflow TTL (20 s with --fast), so the samples' `1d` runs go within seconds.
    scaleTtl: ms =>
      settings.speed === 1
        ? ms
        : Math.min(ms * settings.speed, settings.ttlSeconds * 1000),
  });
  return { scheduler, runner, eso, runs, workflowRuns };
}

/** Kubeconfigs, the backend's settings and `endpoints.json` into the state directory. */
function writeSandboxState(
  settings: Settings,
  credentials: Credentials,
  addresses: Addresses,
  endpoints: SandboxEndpoints,
): void {
  const { caData } = credentials;
  // kubectl sends bearer tokens only over TLS, so the kubeconfig uses the
  // TLS side of the control plane's dual http/https port.
  const controlPlaneTlsUrl = `https://${addresses.urlHost}:${addresses.controlPlanePort}`;
  writeState(settings.stateDir, {
    'control-plane.kubeconfig': kubeconfig({
      name: 'openchoreo-sandbox-control-plane',
      server: controlPlaneTlsUrl,
      caData,
      adminToken: credentials.controlPlane.admin,
      readOnlyToken: credentials.controlPlane.viewer,
      namespace: 'default',
    }),
    'build-plane.kubeconfig': kubeconfig({
      name: 'openchoreo-sandbox-build-plane',
      server: addresses.buildPlaneUrl,
      caData,
      adminToken: credentials.buildPlane.admin,
      readOnlyToken: credentials.buildPlane.viewer,
      namespace: 'openchoreo-ci-default',
      clientCertData: endpoints.clusterGateway.clientCertData,
      clientKeyData: endpoints.clusterGateway.clientKeyData,
    }),
    'backstage.json': `${JSON.stringify(
      backstageConfig(endpoints, controlPlaneTlsUrl, caData),
      null,
      2,
    )}\n`,
    // Written last: its presence tells scripts that the sandbox is ready.
    'endpoints.json': `${JSON.stringify(endpoints, null, 2)}\n`,
  });
}

/** Resolves once `predicate` holds for the object, checking now and on every change to it. */
const waitForObject: Sandbox['waitForObject'] = (
  cluster,
  apiVersion,
  plural,
  namespace,
  name,
  predicate,
  timeoutMs = 60000,
) =>
  new Promise((resolvePromise, reject) => {
    const check = (): boolean => {
      const obj = cluster.get(apiVersion, plural, namespace, name);
      if (!predicate(obj)) return false;
      cleanup();
      resolvePromise(obj);
      return true;
    };
    const unsubscribe = cluster.store.subscribe(event => {
      if (
        event.object.metadata.name === name &&
        event.object.metadata.namespace === namespace
      )
        check();
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`timed out waiting for ${plural} ${namespace ?? ''}/${name}`),
      );
    }, timeoutMs);
    function cleanup(): void {
      unsubscribe();
      clearTimeout(timer);
    }
    check();
  });

function sandboxHandle(
  endpoints: SandboxEndpoints,
  { control, build }: Clusters,
  controllers: Controllers,
  listeners: Listener[],
  seedContext: SeedContext,
): Sandbox {
  let closed = false;
  const needsV09 = (): void => {
    if (seedContext.api !== 'mixed')
      throw new Error(
        'bulk seeding writes v0.9 organizations: start the sandbox with the mixed API',
      );
  };
  return {
    endpoints,
    controlPlane: control,
    buildPlane: build,
    waitForObject,
    waitForRunCondition: async (namespace, name, type, timeoutMs) =>
      (await waitForObject(
        control,
        'openchoreo.dev/v1alpha1',
        'componentworkflowruns',
        namespace,
        name,
        run => !!run && isTrue(readConditions(run.status), type),
        timeoutMs,
      ))!,
    seedOrganization: options => {
      needsV09();
      return seedBenchOrganization(seedContext, options);
    },
    seedRunHistory: options => {
      needsV09();
      return seedRunHistory(seedContext, options);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      controllers.scheduler.close();
      controllers.workflowRuns.stop();
      controllers.runs.stop();
      controllers.runner.stop();
      controllers.eso.stop();
      await Promise.all(listeners.map(l => l.close()));
    },
  };
}

/**
 * Starts the sandbox, step by step: credentials, clusters, listeners,
 * controllers, seed, then the state files (endpoints.json last, as the
 * readiness signal). If a step fails, the ports opened so far are closed.
 */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<Sandbox> {
  const settings = resolveSettings(options);
  const credentials = createCredentials(settings.host);
  const clusters = createClusters(options, credentials, settings.log);
  const listeners: Listener[] = [];
  try {
    const addresses = await startListeners(
      settings,
      options,
      credentials,
      clusters,
      listeners,
    );
    const endpoints = endpointsOf(settings, credentials, addresses);
    const controllers = startControllers(
      settings,
      clusters,
      options.api ?? 'mixed',
    );
    const seedContext: SeedContext = {
      ...clusters,
      runner: controllers.runner,
      ttlSeconds: settings.ttlSeconds,
      api: options.api ?? 'mixed',
      buildPlaneUrl: addresses.buildPlaneUrl,
      observer: { url: endpoints.observer.url, ...credentials.observer },
      caPem: credentials.pki.ca.certPem,
      clientCertPem: credentials.pki.client.certPem,
      clientKeyPem: credentials.pki.client.keyPem,
    };
    if (options.seed !== false) seed(seedContext);
    writeSandboxState(settings, credentials, addresses, endpoints);
    settings.log(
      `control plane ${endpoints.controlPlane.url}, build plane ${endpoints.buildPlane.url}, gateway ${endpoints.clusterGateway.url}, observer ${endpoints.observer.url}`,
    );
    return sandboxHandle(
      endpoints,
      clusters,
      controllers,
      listeners,
      seedContext,
    );
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

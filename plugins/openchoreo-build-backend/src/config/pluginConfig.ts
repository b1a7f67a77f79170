import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  maxTimerSetting,
  REQUEST_TIMEOUT_RANGE,
  wholeNumberRefusal,
  type WholeNumberRange,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  readObserverConfig,
  type ObserverConfig,
} from '../observer/observerConfig';
import type { UnclaimedComponentPolicy } from '../permissions/BuildAuthorizer';
import { DEFAULT_IDLE_MS } from '../informer/informerSupport';

const UNCLAIMED_POLICIES: readonly UnclaimedComponentPolicy[] = [
  'deny',
  'unconditional',
];

function readUnclaimedPolicy(
  value: string | undefined,
): UnclaimedComponentPolicy {
  if (value === undefined) return 'deny';
  const policy = UNCLAIMED_POLICIES.find(candidate => candidate === value);
  if (!policy) {
    throw new InputError(
      `openchoreo.build.permissions.unclaimedComponents: "${value}" is not one of ${UNCLAIMED_POLICIES.join(
        ', ',
      )}`,
    );
  }
  return policy;
}

/** Control-plane connection settings (see config.d.ts). */
export interface ControlPlaneConfig {
  url?: string;
  token?: string;
  serviceAccountTokenFile?: string;
  caData?: string;
  skipTLSVerify: boolean;
  kubeconfig?: string;
  inCluster: boolean;
  requestTimeoutMs: number;
}

export interface ClusterGatewayConfig {
  url: string;
  caData?: string;
  clientCert?: string;
  clientKey?: string;
}

export type { ObserverConfig } from '../observer/observerConfig';

/** A cap on concurrently open streams: per caller (user entity ref, or service subject) and in all. */
export interface StreamCap {
  perUser: number;
  total: number;
}

/** `openchoreo.build.limits` (see config.d.ts): what one caller, or all together, may hold open or read. */
export interface LimitsConfig {
  logStreams: StreamCap;
  eventStreams: StreamCap;
  /** Bytes of log text in one JSON page (`follow=false`). */
  logPageBytes: number;
  /** Bytes of one log download. */
  logDownloadBytes: number;
  /** Bytes of one observer answer. */
  observerResponseBytes: number;
  /** Archived entries read to rebuild an expired run's steps or its whole-run log. */
  archiveEntries: number;
  /** Bytes of recent lines each shared live follow keeps for late or slow followers (logs/StepLogHub.ts). */
  logFollowWindowBytes: number;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  logStreams: { perUser: 20, total: 2000 },
  eventStreams: { perUser: 20, total: 2000 },
  logPageBytes: 8 * 1024 * 1024,
  logDownloadBytes: 512 * 1024 * 1024,
  observerResponseBytes: 64 * 1024 * 1024,
  archiveEntries: 200_000,
  logFollowWindowBytes: 2 * 1024 * 1024,
};

/**
 * The whole number at `key` of `config` (`path` is its full name, for the refusal), or `fallback`
 * when unset; out of `range` it is refused at start-up (InputError naming the key).
 */
function wholeNumberSetting(
  config: Config | undefined,
  key: string,
  path: string,
  fallback: number,
  range: WholeNumberRange,
): number {
  const value = config?.getOptionalNumber(key);
  if (value === undefined) return fallback;
  const refusal = wholeNumberRefusal(path, value, range);
  if (refusal) throw new InputError(refusal);
  return value;
}

/** A limit of `openchoreo.build.limits`: a whole number of at least 1. */
const positive = (config: Config | undefined, key: string, fallback: number) =>
  wholeNumberSetting(config, key, `openchoreo.build.limits.${key}`, fallback, {
    min: 1,
  });

function readLimits(config: Config | undefined): LimitsConfig {
  const cap = (key: 'logStreams' | 'eventStreams'): StreamCap => ({
    perUser: positive(config, `${key}.perUser`, DEFAULT_LIMITS[key].perUser),
    total: positive(config, `${key}.total`, DEFAULT_LIMITS[key].total),
  });
  return {
    logStreams: cap('logStreams'),
    eventStreams: cap('eventStreams'),
    logPageBytes: positive(config, 'logPageBytes', DEFAULT_LIMITS.logPageBytes),
    logDownloadBytes: positive(
      config,
      'logDownloadBytes',
      DEFAULT_LIMITS.logDownloadBytes,
    ),
    observerResponseBytes: positive(
      config,
      'observerResponseBytes',
      DEFAULT_LIMITS.observerResponseBytes,
    ),
    archiveEntries: positive(
      config,
      'archiveEntries',
      DEFAULT_LIMITS.archiveEntries,
    ),
    logFollowWindowBytes: positive(
      config,
      'logFollowWindowBytes',
      DEFAULT_LIMITS.logFollowWindowBytes,
    ),
  };
}

/** `openchoreo.build.diagnosis` (see config.d.ts). */
export interface DiagnosisConfig {
  /** A Pending run, or a step pod still being created, is reported as stuck only after this. */
  pendingGraceSeconds: number;
}

export const DEFAULT_PENDING_GRACE_SECONDS = 60;

function readDiagnosisConfig(config: Config | undefined): DiagnosisConfig {
  const grace = config?.getOptionalNumber('pendingGraceSeconds');
  if (grace !== undefined && !(Number.isFinite(grace) && grace >= 0)) {
    throw new InputError(
      `openchoreo.build.diagnosis.pendingGraceSeconds: must be a number of seconds of at least 0, got ${grace}`,
    );
  }
  return { pendingGraceSeconds: grace ?? DEFAULT_PENDING_GRACE_SECONDS };
}

/** `openchoreo.build.runCache` (see config.d.ts). */
export interface RunCacheConfig {
  /**
   * How long an organization's run cache (the informer's watch, informer/RunInformer.ts) stays
   * up with no `/events` client and no list request before it stops.
   */
  idleSeconds: number;
}

/** The key of `RunCacheConfig.idleSeconds`. */
export const RUN_CACHE_IDLE_KEY = 'openchoreo.build.runCache.idleSeconds';

function readRunCacheConfig(config: Config | undefined): RunCacheConfig {
  return {
    idleSeconds: wholeNumberSetting(
      config,
      'idleSeconds',
      RUN_CACHE_IDLE_KEY,
      DEFAULT_IDLE_MS / 1000,
      { min: 1, max: maxTimerSetting('seconds'), unit: 'seconds' },
    ),
  };
}

/** Everything the plugin reads from `openchoreo.build`, with defaults applied. */
export interface PluginConfig {
  namespaces: string[];
  controlPlane: ControlPlaneConfig;
  clusterGateway?: ClusterGatewayConfig;
  observer?: ObserverConfig;
  logs: { pollIntervalMs: number };
  events: { heartbeatMs: number };
  limits: LimitsConfig;
  permissions: { unclaimedComponents: UnclaimedComponentPolicy };
  /** `openchoreo.build.diagnosis`: when a run counts as stuck (see diagnosis/). */
  diagnosis: DiagnosisConfig;
  /** `openchoreo.build.runCache`: how long an idle organization's run cache is kept. */
  runCache: RunCacheConfig;
  /** Accept `http://` and `insecureSkipVerify` from BuildPlane objects (development only). */
  allowInsecureBuildPlanes: boolean;
}

export function readPluginConfig(root: Config): PluginConfig {
  const build = root.getOptionalConfig('openchoreo.build');
  const cp = build?.getOptionalConfig('controlPlane');
  const gw = build?.getOptionalConfig('clusterGateway');
  const obs = build?.getOptionalConfig('observer');
  return {
    namespaces: build?.getOptionalStringArray('namespaces') ?? ['default'],
    controlPlane: {
      url: cp?.getOptionalString('url'),
      token: cp?.getOptionalString('token'),
      serviceAccountTokenFile: cp?.getOptionalString('serviceAccountTokenFile'),
      caData: cp?.getOptionalString('caData'),
      skipTLSVerify: cp?.getOptionalBoolean('skipTLSVerify') ?? false,
      kubeconfig: cp?.getOptionalString('kubeconfig'),
      inCluster: cp?.getOptionalBoolean('inCluster') ?? false,
      requestTimeoutMs: wholeNumberSetting(
        cp,
        'requestTimeoutMs',
        'openchoreo.build.controlPlane.requestTimeoutMs',
        DEFAULT_REQUEST_TIMEOUT_MS,
        REQUEST_TIMEOUT_RANGE,
      ),
    },
    clusterGateway: gw
      ? {
          url: gw.getString('url'),
          caData: gw.getOptionalString('caData'),
          clientCert: gw.getOptionalString('clientCert'),
          clientKey: gw.getOptionalString('clientKey'),
        }
      : undefined,
    observer: readObserverConfig(obs),
    logs: {
      // Below 100 ms each followed step of an agent plane would poll its pod's log without pause.
      pollIntervalMs: wholeNumberSetting(
        build,
        'logs.pollIntervalMs',
        'openchoreo.build.logs.pollIntervalMs',
        2000,
        {
          min: 100,
          max: maxTimerSetting('milliseconds'),
          unit: 'milliseconds',
        },
      ),
    },
    events: {
      heartbeatMs:
        wholeNumberSetting(
          build,
          'events.heartbeatSeconds',
          'openchoreo.build.events.heartbeatSeconds',
          15,
          { min: 1, max: maxTimerSetting('seconds'), unit: 'seconds' },
        ) * 1000,
    },
    limits: readLimits(build?.getOptionalConfig('limits')),
    permissions: {
      unclaimedComponents: readUnclaimedPolicy(
        build?.getOptionalString('permissions.unclaimedComponents'),
      ),
    },
    diagnosis: readDiagnosisConfig(build?.getOptionalConfig('diagnosis')),
    runCache: readRunCacheConfig(build?.getOptionalConfig('runCache')),
    allowInsecureBuildPlanes:
      build?.getOptionalBoolean('allowInsecureBuildPlanes') ?? false,
  };
}

/**
 * Accepts PEM text or base64-encoded PEM (both appear in configs and BuildPlanes) and returns
 * base64 PEM, the form `@kubernetes/client-node` takes as `caData` / `certData` / `keyData`.
 */
export function toBase64Pem(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    return Buffer.from(`${trimmed}\n`, 'utf8').toString('base64');
  }
  return trimmed.replace(/\s+/g, '');
}

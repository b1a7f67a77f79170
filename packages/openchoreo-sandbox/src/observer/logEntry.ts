import type { ContainerLog } from '../logs/logstore';
import { rfc3339NanoUtc } from './rfc3339';

/**
 * One entry of the observer's log answers, field for field as Go encodes `opensearch.LogEntry`
 * (`internal/observer/opensearch/types.go@v0.9.0`): every field is always present (empty strings
 * when unknown), `labels` are the pod's labels.
 */
export interface LogEntry {
  timestamp: string;
  log: string;
  logLevel: string;
  componentId: string;
  environmentId: string;
  projectId: string;
  version: string;
  versionId: string;
  namespace: string;
  /** `kubernetes.pod_id`: the pod's UID, never its name. */
  podId: string;
  containerName: string;
  labels: Record<string, string>;
}

/** The pod labels `ParseLogEntry` lifts into their own fields (`internal/observer/labels/constants.go@v0.9.0`). */
const LABEL_FIELDS = {
  componentId: 'openchoreo.dev/component-uid',
  environmentId: 'openchoreo.dev/environment-uid',
  projectId: 'openchoreo.dev/project-uid',
  version: 'version',
  versionId: 'version_id',
} as const;

/** In the order `extractLogLevel` tries them: the first one the upper-cased text contains wins. */
const LOG_LEVELS = [
  'ERROR',
  'FATAL',
  'SEVERE',
  'WARN',
  'WARNING',
  'INFO',
  'DEBUG',
  'UNDEFINED',
];

/** `extractLogLevel` (`types.go@v0.9.0`): a substring search, so "information" counts as INFO. */
export function extractLogLevel(log: string): string {
  const upper = log.toUpperCase();
  const level = LOG_LEVELS.find(l => upper.includes(l));
  if (level === 'WARNING') return 'WARN';
  return level ?? 'UNDEFINED';
}

/** Go encodes a map with its keys sorted. */
function sortedLabels(labels: Readonly<Record<string, string>>) {
  return Object.fromEntries(
    Object.keys(labels)
      .sort()
      .map(key => [key, labels[key]]),
  );
}

/** `ParseLogEntry` of the record fluent-bit made of one line of `container`, written at `ms`. */
export function toLogEntry(
  container: ContainerLog,
  ms: number,
  log: string,
): LogEntry {
  const labels = container.podLabels;
  const label = (key: string) => labels[key] ?? '';
  return {
    timestamp: rfc3339NanoUtc(ms),
    log,
    logLevel: extractLogLevel(log),
    componentId: label(LABEL_FIELDS.componentId),
    environmentId: label(LABEL_FIELDS.environmentId),
    projectId: label(LABEL_FIELDS.projectId),
    version: label(LABEL_FIELDS.version),
    versionId: label(LABEL_FIELDS.versionId),
    namespace: container.namespace,
    podId: container.podUid,
    containerName: container.container,
    labels: sortedLabels(labels),
  };
}

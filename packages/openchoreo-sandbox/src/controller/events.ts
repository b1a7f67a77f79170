import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A Warning event to record about `object`, as a controller or the kubelet reports it. */
export interface WarningEvent {
  object: KObject;
  reason: string;
  message: string;
  /** `source.component` and `reportingComponent`, e.g. `kubelet`, `external-secrets`. */
  component: string;
  /** `source.host` and `reportingInstance` (the kubelet's node); empty for a controller. */
  host?: string;
  nowMs: number;
}

/**
 * Records a Warning core/v1 Event about an object. Repeats (same object, reason and message)
 * aggregate into one Event whose `count` and `lastTimestamp` grow, as client-go's event
 * correlator does (`k8s.io/client-go/tools/record/events_cache.go`); the name is
 * `<object>.<unix nanos in hex>`.
 */
export function recordWarningEvent(build: Cluster, event: WarningEvent): void {
  const { object, reason, message, component, host, nowMs } = event;
  const namespace = object.metadata.namespace!;
  const at = isoSeconds(nowMs);
  const existing = build
    .list('v1', 'events', namespace, {
      fieldSelector: `involvedObject.uid=${object.metadata.uid},reason=${reason}`,
    })
    .find(e => e.message === message);
  if (existing) {
    build.update(
      {
        ...existing,
        count: Number(existing.count ?? 1) + 1,
        lastTimestamp: at,
      },
      'events',
    );
    return;
  }
  build.create(
    {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${object.metadata.name}.${(BigInt(nowMs) * 1_000_000n).toString(
          16,
        )}`,
        namespace,
      },
      involvedObject: {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace,
        name: object.metadata.name,
        uid: object.metadata.uid,
        resourceVersion: object.metadata.resourceVersion,
      },
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      type: 'Warning',
      eventTime: null,
      reportingComponent: component,
      reportingInstance: host ?? '',
    },
    'events',
  );
}

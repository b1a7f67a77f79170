import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { CoreEvent, CoreEventList } from '../diagnosis/kubeObjects';
import { kubeGetJson } from '../logs/kubeRequest';

/** The events of a namespace are one bounded read; a plane that does not answer in time says nothing. */
const TIMEOUT_MS = 10_000;

/** ExternalSecret name → the messages of its Warning `UpdateFailed` events, newest first. */
export type ExternalSecretFailures = ReadonlyMap<string, string[]>;

/** Reads the failures of the ExternalSecrets in a namespace (see {@link readExternalSecretFailures}). */
export type ReadExternalSecretFailures = (
  connector: BuildPlaneConnector,
  namespace: string,
) => Promise<ExternalSecretFailures>;

function eventTime(event: CoreEvent): string {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    ''
  );
}

/**
 * The External Secrets Operator's Warning `UpdateFailed` events in a namespace, by ExternalSecret:
 * its Ready condition says only "could not get secret data from provider", the event says which
 * key the store lacks (`error processing spec.data[0] (key: git-token), err: Secret does not
 * exist`). Throws when the events cannot be read (the v0.9 agent's ClusterRole has no events).
 */
export const readExternalSecretFailures: ReadExternalSecretFailures = async (
  connector,
  namespace,
) => {
  const list = await kubeGetJson<CoreEventList>(
    connector.kubernetes.kubeConfig,
    `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
    {
      target: connector.label,
      what: `the ExternalSecret events in ${namespace}`,
      timeoutMs: TIMEOUT_MS,
      query: {
        fieldSelector: 'involvedObject.kind=ExternalSecret,reason=UpdateFailed',
      },
    },
  );
  return failuresByExternalSecret(Array.isArray(list?.items) ? list.items : []);
};

/** Groups `UpdateFailed` events by the ExternalSecret they are about, newest first. */
export function failuresByExternalSecret(
  events: CoreEvent[],
): ExternalSecretFailures {
  const byName = new Map<string, CoreEvent[]>();
  for (const event of events) {
    const name = event?.involvedObject?.name;
    if (
      !name ||
      event.involvedObject?.kind !== 'ExternalSecret' ||
      event.reason !== 'UpdateFailed' ||
      typeof event.message !== 'string'
    )
      continue;
    byName.set(name, [...(byName.get(name) ?? []), event]);
  }
  return new Map(
    [...byName].map(([name, list]) => [
      name,
      list
        .sort((a, b) => eventTime(b).localeCompare(eventTime(a)))
        .map(e => e.message!),
    ]),
  );
}

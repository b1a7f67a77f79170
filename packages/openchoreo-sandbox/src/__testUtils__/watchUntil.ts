import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { KObject } from '../apiserver/types';

export interface WatchEvent {
  type: string;
  object: KObject;
}

/**
 * Watches `path` (with `params`, e.g. a fieldSelector) until `until` holds for the events seen so
 * far (the initial ADDED events included); resolves with them. Tests await events this way
 * instead of sleeping.
 */
export function watchUntil(
  kc: KubeConfig,
  path: string,
  params: Record<string, string | number | boolean | undefined>,
  until: (events: WatchEvent[]) => boolean,
): Promise<WatchEvent[]> {
  return new Promise<WatchEvent[]>((resolve, reject) => {
    const events: WatchEvent[] = [];
    let controller: AbortController | undefined;
    let done = false;
    const finish = (): void => {
      done = true;
      controller?.abort();
      resolve(events);
    };
    new Watch(kc)
      .watch(
        path,
        params,
        (type, object: KObject) => {
          if (done) return;
          events.push({ type, object });
          if (until(events)) finish();
        },
        err => {
          if (done) return;
          if (err && err.name !== 'AbortError') reject(err);
          else reject(new Error(`the watch of ${path} ended first`));
        },
      )
      .then(c => {
        controller = c;
        if (done) c.abort();
      }, reject);
  });
}

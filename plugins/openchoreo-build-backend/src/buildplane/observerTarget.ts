import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ObserverConfig } from '../config/pluginConfig';
import { urlRefusal, type PlanePolicy } from './planePolicy';

/** Where and how to call a plane's observer (archived build logs). Holds credentials: backend only. */
export interface ObserverTarget {
  url: string;
  headers: Record<string, string>;
  source: 'inline' | 'config';
}

function basic(username: string, password: string | undefined): string {
  return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString(
    'base64',
  )}`;
}

/**
 * The plane's inline `spec.observer` (v0.3–v0.7) wins; planes that only name an
 * `observabilityPlaneRef` (v0.8+) use `openchoreo.build.observer` from config. An inline URL is
 * input: a plain-http one is refused (no target: the plane has no usable archive) unless `policy`
 * allows it, because the plane's basic-auth password would travel unencrypted. The configured
 * observer is the operator's own choice and is used as given.
 */
export function observerTargetFor(
  bp: BuildPlane,
  config: ObserverConfig | undefined,
  policy: PlanePolicy = { allowInsecure: false },
): ObserverTarget | undefined {
  const inline = bp.spec?.observer;
  if (inline?.url) {
    if (observerRefusal(bp, policy)) return undefined;
    const auth = inline.authentication?.basicAuth;
    return {
      url: inline.url.replace(/\/+$/, ''),
      headers: auth?.username
        ? { Authorization: basic(auth.username, auth.password) }
        : {},
      source: 'inline',
    };
  }
  if (config?.url) {
    const headers: Record<string, string> = {};
    if (config.token) headers.Authorization = `Bearer ${config.token}`;
    else if (config.username)
      headers.Authorization = basic(config.username, config.password);
    return { url: config.url.replace(/\/+$/, ''), headers, source: 'config' };
  }
  return undefined;
}

/** Why the plane's inline observer URL is refused, or undefined. */
export function observerRefusal(
  bp: BuildPlane,
  policy: PlanePolicy,
): string | undefined {
  const url = bp.spec?.observer?.url;
  return url ? urlRefusal(url, 'spec.observer.url', policy) : undefined;
}

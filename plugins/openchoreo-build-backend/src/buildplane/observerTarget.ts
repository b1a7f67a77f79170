import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ObserverConfig } from '../config/pluginConfig';

/** Where and how to call a plane's observer (archived build logs). Holds credentials: backend only. */
export interface ObserverTarget {
  url: string;
  headers: Record<string, string>;
  source: 'inline' | 'config';
}

function basic(username: string, password: string | undefined): string {
  return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
}

/**
 * The plane's inline `spec.observer` (v0.3–v0.7) wins; planes that only name an
 * `observabilityPlaneRef` (v0.8+) use `openchoreo.build.observer` from config.
 */
export function observerTargetFor(bp: BuildPlane, config: ObserverConfig | undefined): ObserverTarget | undefined {
  const inline = bp.spec?.observer;
  if (inline?.url) {
    const auth = inline.authentication?.basicAuth;
    return {
      url: inline.url.replace(/\/+$/, ''),
      headers: auth?.username ? { Authorization: basic(auth.username, auth.password) } : {},
      source: 'inline',
    };
  }
  if (config?.url) {
    const headers: Record<string, string> = {};
    if (config.token) headers.Authorization = `Bearer ${config.token}`;
    else if (config.username) headers.Authorization = basic(config.username, config.password);
    return { url: config.url.replace(/\/+$/, ''), headers, source: 'config' };
  }
  return undefined;
}

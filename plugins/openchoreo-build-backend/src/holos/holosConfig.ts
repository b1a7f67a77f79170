import path from 'node:path';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `openchoreo.build.holos` (see config.d.ts): how `GET /holos/buildplans` reads and keeps plans. */
export interface HolosConfig {
  /** How long a read plan is served without asking its source again. */
  cacheTtlSeconds: number;
  /**
   * Directories whose files `file:` locations may read (development: entities registered from
   * `file:` locations), absolute, as configured and as resolved from the backend's cwd.
   */
  localRoots: LocalRoot[];
}

export interface LocalRoot {
  /** As written in the configuration, for messages and the `location` of an answer. */
  configured: string;
  /** `path.resolve(cwd, configured)`; symlinks are resolved when a file is read. */
  absolute: string;
}

export const DEFAULT_HOLOS_CACHE_TTL_SECONDS = 300;

const KEY = 'openchoreo.build.holos';

/** Reads `openchoreo.build.holos`; a bad value is an error naming the key and what is allowed. */
export function readHolosConfig(
  root: Config,
  cwd: string = process.cwd(),
): HolosConfig {
  const config = root.getOptionalConfig(KEY);
  const ttl = config?.getOptionalNumber('cacheTtlSeconds');
  if (ttl !== undefined && (!Number.isFinite(ttl) || ttl < 0)) {
    throw new InputError(
      `${KEY}.cacheTtlSeconds: must be a number of seconds, 0 or more (got ${ttl})`,
    );
  }
  const roots = config?.getOptionalStringArray('localRoots') ?? [];
  return {
    cacheTtlSeconds: ttl ?? DEFAULT_HOLOS_CACHE_TTL_SECONDS,
    localRoots: roots.map((configured, index) => {
      if (!configured.trim()) {
        throw new InputError(
          `${KEY}.localRoots[${index}]: must be a directory path, absolute or relative to the backend's working directory`,
        );
      }
      return { configured, absolute: path.resolve(cwd, configured) };
    }),
  };
}

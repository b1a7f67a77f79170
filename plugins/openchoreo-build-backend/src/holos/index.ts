import type {
  AuditorService,
  CacheService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { HOLOS_MAX_TEXT_BYTES } from '@openchoreo-build/plugin-openchoreo-build-common';
import type express from 'express';
import type { BuildAuthorizer } from '../permissions/BuildAuthorizer';
import { readHolosConfig } from './holosConfig';
import { createHolosRouter } from './holosRouter';
import { HolosPlanSource } from './HolosPlanSource';
import { LocalPlanReader } from './LocalPlanReader';
import { integrationSecrets } from './redact';

export interface HolosRoutesOptions {
  config: Config;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: Pick<BuildAuthorizer, 'authorizeBasic'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  urlReader: Pick<UrlReaderService, 'readUrl'>;
  cache: Pick<CacheService, 'get' | 'set'>;
}

/** `POST /holos/buildplans/validate` and `GET /holos/buildplans`, wired from the plugin's services. */
export function createHolosRoutes(options: HolosRoutesOptions): express.Router {
  const holos = readHolosConfig(options.config);
  if (holos.localRoots.length > 0 && process.env.NODE_ENV === 'production') {
    options.logger.warn(
      `openchoreo.build.holos.localRoots is set (${holos.localRoots
        .map(r => r.configured)
        .join(
          ', ',
        )}): catalog entities from file: locations can make the backend read files under those directories; it is meant for local development`,
    );
  }
  const plans = new HolosPlanSource({
    reader: options.urlReader,
    local: new LocalPlanReader(holos.localRoots, HOLOS_MAX_TEXT_BYTES),
    cache: options.cache,
    integrations: ScmIntegrations.fromConfig(options.config),
    logger: options.logger,
    secrets: integrationSecrets(options.config),
    ttlSeconds: holos.cacheTtlSeconds,
    maxBytes: HOLOS_MAX_TEXT_BYTES,
  });
  // The analysis reads at most HOLOS_MAX_TEXT_BYTES: a larger body or plans file is refused unread.
  return createHolosRouter({
    httpAuth: options.httpAuth,
    auditor: options.auditor,
    authorizer: options.authorizer,
    permissions: options.permissions,
    catalog: options.catalog,
    plans,
    maxBodyBytes: HOLOS_MAX_TEXT_BYTES,
  });
}

import type {
  AuditorService,
  DiscoveryService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type express from 'express';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { RunInformers } from '../informer/RunInformers';
import type { BuildAuthorizer } from '../permissions/BuildAuthorizer';
import type { RunReader } from '../runs/RunReader';
import { AutoBuildService } from './AutoBuildService';
import { readWebhookConfig } from './config';
import type { WebhookDeliveries } from './deliveries/WebhookDeliveries';
import { DeliveryLimiter } from './limiter';
import { createWebhookRouter } from './routes';
import { WebhookSecrets } from './secrets';
import { WebhookService } from './WebhookService';

/**
 * Wires the auto-build webhook and autoBuild switch routes. The returned router must be mounted
 * before any JSON body parser, and `/webhooks` needs the `unauthenticated` auth policy.
 */
export function createWebhooks(options: {
  config: Config;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  authorizer: BuildAuthorizer;
  auditor: AuditorService;
  discovery: DiscoveryService;
  controlPlane: ControlPlane;
  registry: BuildPlaneRegistry;
  informers: RunInformers;
  /** Each org's runs in its generation; by default the webhooks read their own. */
  runs?: RunReader;
  namespaces: string[];
  /** Delivery locks, claims, outcomes and the delivery log, in the plugin's database. */
  deliveries: WebhookDeliveries;
}): express.Router {
  const config = readWebhookConfig(options.config);
  const logger = options.logger.child({ component: 'webhooks' });
  const webhooks = new WebhookService({
    controlPlane: options.controlPlane,
    registry: options.registry,
    secrets: new WebhookSecrets(config, options.controlPlane.kubernetes, {
      logger,
    }),
    config,
    namespaces: options.namespaces,
    logger,
    informers: options.informers,
    runs: options.runs,
    store: options.deliveries.store,
    log: options.deliveries.log,
  });
  const autoBuild = new AutoBuildService({
    controlPlane: options.controlPlane,
    config,
    externalBaseUrl: () =>
      options.discovery.getExternalBaseUrl('openchoreo-build'),
    generations: options.registry.generations,
  });
  return createWebhookRouter({
    logger: options.logger,
    httpAuth: options.httpAuth,
    authorizer: options.authorizer,
    auditor: options.auditor,
    namespaces: options.namespaces,
    webhooks,
    autoBuild,
    deliveries: options.deliveries.log,
    limiter: new DeliveryLimiter(
      config.maxConcurrentDeliveries,
      config.maxQueuedDeliveries,
    ),
  });
}

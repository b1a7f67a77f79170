import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { isError, ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { openchoreoBuildPermissions } from '@openchoreo-build/plugin-openchoreo-build-common';
import { BuildPlaneRegistry } from './buildplane/BuildPlaneRegistry';
import { BuildPlaneService } from './buildplane/BuildPlaneService';
import { readPluginConfig } from './config/pluginConfig';
import { ControlPlane } from './controlplane/ControlPlane';
import { ControlPlaneV1 } from './controlplane/ControlPlaneV1';
import { RunDiagnostics } from './diagnosis/RunDiagnostics';
import { BuildAuthorizer } from './permissions/BuildAuthorizer';
import { ComponentEntityIndex } from './permissions/ComponentEntityIndex';
import { buildControlPlaneKubeConfig } from './controlplane/controlPlaneKubeConfig';
import { ComponentService } from './components/ComponentService';
import { RunInformers } from './informer/RunInformers';
import { KubernetesClient } from './kubernetes/KubernetesClient';
import { RunEndNotifications } from './notifications';
import { StepLogService } from './logs/StepLogService';
import { RunArchiveService } from './runs/RunArchiveService';
import {
  RunRecordStore,
  RunRecorder,
  DEFAULT_RECORD_RETENTION_DAYS,
} from './runRecords';
import { RunReader } from './runs/RunReader';
import { RunService } from './runs/RunService';
import { createHolosRoutes } from './holos';
import { createRouter } from './service/router';
import { createWebhooks } from './webhooks/createWebhooks';
import { WebhookDeliveries } from './webhooks/deliveries/WebhookDeliveries';
import { WorkflowService } from './workflows/WorkflowService';

/**
 * The OpenChoreo Build backend plugin: the only part of the portal that talks to clusters.
 *
 * @public
 */
export const openchoreoBuildPlugin = createBackendPlugin({
  pluginId: 'openchoreo-build',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        cache: coreServices.cache,
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        lifecycle,
        discovery,
        auth,
        database,
        scheduler,
        catalog,
        urlReader,
        cache,
        notifications,
        instanceMetadata,
      }) {
        permissionsRegistry.addPermissions(openchoreoBuildPermissions);
        const pluginConfig = readPluginConfig(config);
        const entities = new ComponentEntityIndex({ catalog, auth, logger });
        const authorizer = new BuildAuthorizer({
          permissions,
          entities,
          unclaimedComponents: pluginConfig.permissions.unclaimedComponents,
        });
        // Holos plans (issue #16) need no cluster: served even when the control plane is not configured.
        httpRouter.use(
          createHolosRoutes({
            config,
            logger,
            httpAuth,
            auditor,
            authorizer,
            permissions,
            catalog,
            urlReader,
            cache,
          }),
        );

        let controlPlane: ControlPlane;
        try {
          const kubeConfig = buildControlPlaneKubeConfig(
            pluginConfig.controlPlane,
          );
          controlPlane = new ControlPlane(
            new KubernetesClient(
              kubeConfig,
              'control plane',
              pluginConfig.controlPlane.requestTimeoutMs,
            ),
          );
        } catch (error) {
          // Keep the backend up (health stays green) and answer every other route with the reason.
          const message = isError(error) ? error.message : String(error);
          logger.error(`openchoreo-build is not configured: ${message}`);
          const router = await createRouter({ logger, httpAuth });
          router.use(() => {
            throw new ServiceUnavailableError(message);
          });
          httpRouter.use(router);
          return;
        }

        const registry = new BuildPlaneRegistry(controlPlane, pluginConfig);
        // The run record: every run seen, so runs the control plane deletes stay listed.
        const records = await RunRecordStore.create({ database });
        const recorder = new RunRecorder({ store: records, logger });
        await scheduler.scheduleTask({
          id: 'openchoreo-build-run-record-prune',
          frequency: { hours: 24 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const pruned = await records.prune(
              new Date(
                Date.now() - DEFAULT_RECORD_RETENTION_DAYS * 24 * 3600_000,
              ),
            );
            if (pruned > 0)
              logger.info(`run record: pruned ${pruned} deleted run(s)`);
          },
        });
        // Runs of each org in its generation: v0 ComponentWorkflowRuns or v1 WorkflowRuns.
        const runs = new RunReader(
          controlPlane,
          {
            controlPlane: new ControlPlaneV1(controlPlane.kubernetes),
            generations: registry.generations,
          },
          records,
        );
        // Build-end notifications (undefined when off): told of every run change next to the recorder.
        const runEndNotifications = await RunEndNotifications.create({
          config,
          logger,
          database,
          scheduler,
          lifecycle,
          instanceMetadata,
          notifications,
          catalog,
          auth,
          entities,
        });
        const informers = new RunInformers(runs, logger, {
          streams: pluginConfig.limits.eventStreams,
          idleMs: pluginConfig.runCache.idleSeconds * 1000,
          observer: runEndNotifications?.observe(recorder) ?? recorder,
        });
        runEndNotifications?.watch(informers, pluginConfig.namespaces);
        // The informers stop first, so the recorder writes what they saw last.
        lifecycle.addShutdownHook(async () => {
          informers.close();
          await recorder.stop();
        });
        // Expired runs: steps rebuilt from the observer archive, shared by run details and logs.
        const runArchive = new RunArchiveService(controlPlane, registry, {
          runs,
          timeoutMs: pluginConfig.controlPlane.requestTimeoutMs,
          limits: pluginConfig.limits,
        });
        const logs = new StepLogService({
          archive: runArchive,
          controlPlane,
          runs,
          registry,
          observer: pluginConfig.observer,
          logger,
          pollIntervalMs: pluginConfig.logs.pollIntervalMs,
          heartbeatMs: pluginConfig.events.heartbeatMs,
          requestTimeoutMs: pluginConfig.controlPlane.requestTimeoutMs,
          limits: pluginConfig.limits,
        });
        lifecycle.addShutdownHook(() => logs.close());
        // Webhook deliveries in the database, so every replica shares dedupe, locks and the log.
        const deliveries = await WebhookDeliveries.create({ database, logger });
        await scheduler.scheduleTask({
          id: 'openchoreo-build-webhook-delivery-prune',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 5 },
          fn: async () => {
            const pruned = await deliveries.prune();
            if (pruned.deliveries + pruned.outcomes + pruned.locks > 0)
              logger.info(
                `webhook deliveries: pruned ${pruned.deliveries} log entries, ${pruned.outcomes} outcomes, ${pruned.locks} expired locks`,
              );
          },
        });
        // Auto-build webhooks: mounted first (raw body for signatures); providers send no Backstage token.
        httpRouter.addAuthPolicy({
          path: '/webhooks',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          createWebhooks({
            config,
            logger,
            httpAuth,
            authorizer,
            auditor,
            discovery,
            controlPlane,
            registry,
            informers,
            runs,
            namespaces: pluginConfig.namespaces,
            deliveries,
          }),
        );
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            services: {
              authorizer,
              auditor,
              namespaces: pluginConfig.namespaces,
              heartbeatMs: pluginConfig.events.heartbeatMs,
              buildPlanes: new BuildPlaneService(
                controlPlane,
                registry,
                pluginConfig,
              ),
              workflows: new WorkflowService(controlPlane, registry, logger),
              runs: new RunService(
                controlPlane,
                registry,
                informers,
                runArchive,
                RunDiagnostics.create(controlPlane, registry, {
                  pendingGraceSeconds:
                    pluginConfig.diagnosis.pendingGraceSeconds,
                  requestTimeoutMs: pluginConfig.controlPlane.requestTimeoutMs,
                  logger,
                }),
                runs,
                records,
              ),
              components: new ComponentService(controlPlane, {
                generations: registry.generations,
              }),
              informers,
              logs,
            },
          }),
        );
      },
    });
  },
});

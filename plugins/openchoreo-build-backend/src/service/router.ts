import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  type BuildPermissionsResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express from 'express';
import Router from 'express-promise-router';
import type { BuildPlaneService } from '../buildplane/BuildPlaneService';
import type { ComponentService } from '../components/ComponentService';
import { streamRunEvents } from '../events/runEventStream';
import type { RunInformers } from '../informer/RunInformers';
import type { RunService } from '../runs/RunService';
import { createLogsRouter } from '../logs/logsRouter';
import type { StepLogService } from '../logs/StepLogService';
import type { WorkflowService } from '../workflows/WorkflowService';
import { actorOf, audited, authorize, componentParams, credentialsOf, NamespaceGuard } from './routeKit';
import { createRunBody, listRunsQuery, namespaceQuery, objectParams, parse } from './validation';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  /** Absent only in the minimal router used before the plugin is configured (health route). */
  services?: {
    permissions: PermissionsService;
    auditor: AuditorService;
    namespaces: string[];
    heartbeatMs: number;
    buildPlanes: BuildPlaneService;
    workflows: WorkflowService;
    runs: RunService;
    /** `GET /components/:ns/:project/:component` (a Component's build defaults). */
    components: ComponentService;
    /** The per-org run informers `GET /events` streams from. */
    informers: RunInformers;
    /** Step logs (`/runs/:ns/:name/steps/:step/logs`); see src/logs. */
    logs?: StepLogService;
  };
}

/**
 * The plugin's HTTP surface: a thin layer that validates input, checks permissions, audits
 * mutations and delegates to the services. Every route requires Backstage credentials.
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', async (req, res) => {
    // Resolving the credentials again keeps the route honest even if the default policy changes.
    await credentialsOf(httpAuth, req);
    res.json({ status: 'ok' });
  });

  const services = options.services;
  if (!services) return router;
  const { permissions, auditor, buildPlanes, workflows, runs, informers } = services;
  const guard = new NamespaceGuard(services.namespaces);

  router.get('/permissions', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const [create, cancel, autoBuild] = await permissions.authorize(
      [
        { permission: openchoreoBuildRunCreatePermission },
        { permission: openchoreoBuildRunCancelPermission },
        { permission: openchoreoBuildAutoBuildUpdatePermission },
      ],
      { credentials },
    );
    const body: BuildPermissionsResponse = {
      runCreate: create.result === AuthorizeResult.ALLOW,
      runCancel: cancel.result === AuthorizeResult.ALLOW,
      autoBuildUpdate: autoBuild.result === AuthorizeResult.ALLOW,
    };
    res.json(body);
  });

  router.get('/buildplanes', async (req, res) => {
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    res.json(await buildPlanes.list(guard.select(namespace)));
  });

  router.get('/buildplanes/:ns/:name', async (req, res) => {
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    res.json(await buildPlanes.detail(ns, name));
  });

  router.get('/workflows', async (req, res) => {
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    res.json(await workflows.list(guard.select(namespace)));
  });

  router.get('/components/:ns/:project/:component', async (req, res) => {
    const { ns, project, component } = parse(componentParams, req.params, 'path');
    guard.ensureShown(ns);
    res.json(await services.components.get(ns, project, component));
  });

  router.get('/runs', async (req, res) => {
    const query = parse(listRunsQuery, req.query, 'query');
    res.json(
      await runs.list({
        namespaces: guard.select(query.namespace),
        filter: { project: query.project, component: query.component, workflow: query.workflow, statuses: query.status },
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  });

  router.get('/runs/:ns/:name', async (req, res) => {
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    res.json(await runs.get(ns, name));
  });

  router.post('/runs', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const body = parse(createRunBody, req.body ?? {}, 'body');
    guard.select(body.namespace);
    const meta = { namespace: body.namespace, project: body.project, component: body.component, workflow: body.workflow ?? '' };
    const run = await audited(auditor, req, { eventId: 'run-create', meta }, async () => {
      await authorize(permissions, credentials, openchoreoBuildRunCreatePermission, 'start builds');
      return runs.create(body, actorOf(credentials));
    });
    res.status(201).json(run);
  });

  router.post('/runs/:ns/:name/rerun', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    const run = await audited(auditor, req, { eventId: 'run-rerun', meta: { namespace: ns, run: name } }, async () => {
      await authorize(permissions, credentials, openchoreoBuildRunCreatePermission, 're-run builds');
      return runs.rerun(ns, name, actorOf(credentials));
    });
    res.status(201).json(run);
  });

  router.post('/runs/:ns/:name/cancel', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    const result = await audited(auditor, req, { eventId: 'run-cancel', meta: { namespace: ns, run: name } }, async () => {
      await authorize(permissions, credentials, openchoreoBuildRunCancelPermission, 'cancel builds');
      return runs.cancel(ns, name);
    });
    res.status(202).json(result);
  });

  router.get('/events', async (req, res) => {
    await credentialsOf(httpAuth, req);
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    await streamRunEvents(req, res, { informers, namespaces: guard.select(namespace), heartbeatMs: services.heartbeatMs });
  });

  if (services.logs) {
    router.use(createLogsRouter({ httpAuth, namespaces: services.namespaces, logs: services.logs }));
  }

  return router;
}

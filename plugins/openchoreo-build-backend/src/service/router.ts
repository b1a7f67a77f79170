import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  openchoreoBuildBuildPlaneReadPermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  openchoreoBuildRunReadPermission,
  openchoreoBuildWorkflowReadPermission,
  type RunDetail,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { NotFoundError } from '@backstage/errors';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import type { BuildPlaneService } from '../buildplane/BuildPlaneService';
import type { ComponentService } from '../components/ComponentService';
import { streamRunEvents } from '../events/runEventStream';
import type { RunInformers } from '../informer/RunInformers';
import type { RunService } from '../runs/RunService';
import { createLogsRouter } from '../logs/logsRouter';
import type { StepLogService } from '../logs/StepLogService';
import {
  createStreamGuard,
  type BuildAuthorizer,
  type EntityPermission,
} from '../permissions/BuildAuthorizer';
import type { WorkflowService } from '../workflows/WorkflowService';
import { jsonBody } from './bounds';
import {
  actorOf,
  auditDeniedReads,
  audited,
  componentParams,
  credentialsOf,
  NamespaceGuard,
  retryAfterHeader,
} from './routeKit';
import {
  createRunBody,
  buildPlaneKindQuery,
  listRunsQuery,
  namespaceQuery,
  objectParams,
  parse,
  runFilterOf,
} from './validation';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  /** Absent only in the minimal router used before the plugin is configured (health route). */
  services?: {
    /** Every permission check: basic for platform views, on the component's entity otherwise. */
    authorizer: BuildAuthorizer;
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
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth } = options;
  const router = Router();
  router.use(jsonBody());

  router.get('/health', async (req, res) => {
    // Resolving the credentials again keeps the route honest even if the default policy changes.
    await credentialsOf(httpAuth, req);
    res.json({ status: 'ok' });
  });

  const services = options.services;
  if (!services) return router;
  const { authorizer, auditor, buildPlanes, workflows, runs, informers } =
    services;
  const guard = new NamespaceGuard(services.namespaces);

  router.get('/buildplanes', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    const namespaces = guard.select(namespace);
    await authorizer.authorizeBasic(
      credentials,
      openchoreoBuildBuildPlaneReadPermission,
      'see build planes',
    );
    res.json(await buildPlanes.list(namespaces));
  });

  router.get('/buildplanes/:ns/:name', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    await authorizer.authorizeBasic(
      credentials,
      openchoreoBuildBuildPlaneReadPermission,
      'see build planes',
    );
    // v1.x: a WorkflowPlane and a ClusterWorkflowPlane may share a name; `?kind=` picks one.
    const { kind } = parse(buildPlaneKindQuery, req.query, 'query');
    res.json(await buildPlanes.detail(ns, name, kind));
  });

  router.get('/workflows', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    const namespaces = guard.select(namespace);
    await authorizer.authorizeBasic(
      credentials,
      openchoreoBuildWorkflowReadPermission,
      'see workflows',
    );
    res.json(await workflows.list(namespaces));
  });

  router.get('/components/:ns/:project/:component', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, project, component } = parse(
      componentParams,
      req.params,
      'path',
    );
    guard.ensureShown(ns);
    await authorizer.authorizeComponent(
      credentials,
      openchoreoBuildRunReadPermission,
      { namespace: ns, project, component },
      'see the builds of this component',
    );
    res.json(await services.components.get(ns, project, component));
  });

  // The workflows a component may be built with, for the Start build form: part of starting a
  // build (run.create on the component), not of the platform's Workflows view (workflow.read).
  router.get(
    '/components/:ns/:project/:component/workflows',
    async (req, res) => {
      const credentials = await credentialsOf(httpAuth, req);
      const { ns, project, component } = parse(
        componentParams,
        req.params,
        'path',
      );
      guard.ensureShown(ns);
      await authorizer.authorizeComponent(
        credentials,
        openchoreoBuildRunCreatePermission,
        { namespace: ns, project, component },
        'start builds of this component',
      );
      // v1.x: only those its ComponentType's allowedWorkflows name.
      res.json(await workflows.listForComponent(ns, project, component));
    },
  );

  router.get('/runs', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const query = parse(listRunsQuery, req.query, 'query');
    res.json(
      await runs.list({
        namespaces: guard.select(query.namespace),
        filter: runFilterOf(query, credentials),
        limit: query.limit,
        cursor: query.cursor,
        // Applied before paging: a page holds `limit` runs the caller may read, never fewer.
        readable: candidates =>
          authorizer.predicate(
            credentials,
            openchoreoBuildRunReadPermission,
            candidates,
          ),
      }),
    );
  });

  router.get('/runs/:ns/:name', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    guard.ensureShown(ns);
    const { entityRef } = await authorizer.authorizeComponent(
      credentials,
      openchoreoBuildRunReadPermission,
      await runs.ownerOf(ns, name),
      'see this build',
    );
    const detail: RunDetail = { ...(await runs.get(ns, name)), entityRef };
    res.json(detail);
  });

  router.post('/runs', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const body = parse(createRunBody, req.body ?? {}, 'body');
    guard.select(body.namespace);
    // What the caller overrode, so the audit log says what was built, not only which component.
    const repository = body.systemParameters?.repository;
    const meta = {
      namespace: body.namespace,
      project: body.project,
      component: body.component,
      workflow: body.workflow ?? '',
      repositoryUrl: repository?.url ?? '',
      branch: repository?.revision?.branch ?? '',
      commit: repository?.revision?.commit ?? '',
      appPath: repository?.appPath ?? '',
      parameters: Object.keys(body.parameters ?? {})
        .sort()
        .join(','),
    };
    const run = await audited(
      auditor,
      req,
      { eventId: 'run-create', meta },
      async () => {
        await authorizer.authorizeComponent(
          credentials,
          openchoreoBuildRunCreatePermission,
          body,
          'start builds of this component',
        );
        return runs.create(body, actorOf(credentials));
      },
    );
    res.status(201).json(run);
  });

  /**
   * `POST /runs/:ns/:name/<verb>`: an audited action on one run, allowed by `permission` on the
   * run's component (`phrase` completes "You are not allowed to ..."); answers its result with
   * `status`.
   */
  const runAction =
    ({
      eventId,
      permission,
      phrase,
      status,
      action,
    }: {
      eventId: string;
      permission: EntityPermission;
      phrase: string;
      status: number;
      action: (
        ns: string,
        name: string,
        credentials: BackstageCredentials,
      ) => Promise<unknown>;
    }) =>
    async (req: Request, res: Response) => {
      const credentials = await credentialsOf(httpAuth, req);
      const { ns, name } = parse(objectParams, req.params, 'path');
      guard.ensureShown(ns);
      const result = await audited(
        auditor,
        req,
        { eventId, meta: { namespace: ns, run: name } },
        async () => {
          await authorizer.authorizeComponent(
            credentials,
            permission,
            await runs.ownerOf(ns, name),
            phrase,
          );
          return action(ns, name, credentials);
        },
      );
      res.status(status).json(result);
    };

  router.post(
    '/runs/:ns/:name/rerun',
    runAction({
      eventId: 'run-rerun',
      permission: openchoreoBuildRunCreatePermission,
      phrase: 're-run builds of this component',
      status: 201,
      action: (ns, name, credentials) =>
        runs.rerun(ns, name, actorOf(credentials)),
    }),
  );

  router.post(
    '/runs/:ns/:name/cancel',
    runAction({
      eventId: 'run-cancel',
      permission: openchoreoBuildRunCancelPermission,
      phrase: 'cancel builds of this component',
      status: 202,
      action: (ns, name) => runs.cancel(ns, name),
    }),
  );

  router.get('/events', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    // A run event reaches the client only when it may read the run's component.
    const canRead = createStreamGuard({
      authorizer,
      credentials,
      permission: openchoreoBuildRunReadPermission,
    });
    await streamRunEvents(req, res, {
      informers,
      namespaces: guard.select(namespace),
      heartbeatMs: services.heartbeatMs,
      canRead,
      credentials,
    });
  });

  if (services.logs) {
    router.use(
      createLogsRouter({
        httpAuth,
        namespaces: services.namespaces,
        logs: services.logs,
        // Checked before the step is located: a denied stream never opens.
        authorizeRead: async (credentials, ns, name) => {
          await authorizer.authorizeComponent(
            credentials,
            openchoreoBuildRunReadPermission,
            await runs.ownerOf(ns, name),
            'read the logs of this build',
          );
        },
      }),
    );
  }

  // Last: a path no route matches is a 404 that says so (Backstage's own answers with an empty
  // body). The webhook router is mounted before this one by the plugin.
  router.use((req: Request) => {
    throw new NotFoundError(
      `path: no route ${req.method} ${req.path.slice(
        0,
        200,
      )} in openchoreo-build (docs/api.md lists the routes)`,
    );
  });
  router.use(retryAfterHeader());
  router.use(auditDeniedReads(auditor));

  return router;
}

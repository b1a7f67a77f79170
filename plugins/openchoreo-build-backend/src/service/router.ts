import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult, type BasicPermission } from '@backstage/plugin-permission-common';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildRunCancelPermission,
  openchoreoBuildRunCreatePermission,
  type BuildPermissionsResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import type { BuildPlaneService } from '../buildplane/BuildPlaneService';
import type { ComponentService } from '../components/ComponentService';
import type { RunEventHub } from '../events/RunEventHub';
import { streamRunEvents } from '../events/runEventStream';
import type { RunService } from '../runs/RunService';
import { createLogsRouter } from '../logs/logsRouter';
import type { StepLogService } from '../logs/StepLogService';
import type { WorkflowService } from '../workflows/WorkflowService';
import { componentParams, createRunBody, listRunsQuery, namespaceQuery, objectParams, parse } from './validation';

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
    events: RunEventHub;
    /** Step logs (`/runs/:ns/:name/steps/:step/logs`); see src/logs. */
    logs?: StepLogService;
  };
}

function actorOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return principal.type === 'user' ? principal.userEntityRef : principal.subject;
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
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ status: 'ok' });
  });

  const services = options.services;
  if (!services) return router;
  const { permissions, auditor, buildPlanes, workflows, runs, events } = services;

  const credentialsOf = (req: Request) => httpAuth.credentials(req, { allow: ['user', 'service'] });

  /** The configured orgs, or the one asked for (which must be configured). */
  const namespacesFor = (namespace: string | undefined, field = 'namespace'): string[] => {
    if (!namespace) return services.namespaces;
    if (!services.namespaces.includes(namespace)) {
      throw new InputError(
        `${field}: "${namespace}" is not one of the namespaces this portal shows (${services.namespaces.join(', ')})`,
      );
    }
    return [namespace];
  };
  const ensureNamespace = (namespace: string) => {
    if (!services.namespaces.includes(namespace)) {
      throw new NotFoundError(`Namespace ${namespace} is not one of the namespaces this portal shows`);
    }
  };

  const authorize = async (credentials: BackstageCredentials, permission: BasicPermission, action: string) => {
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${action} (permission ${permission.name})`);
    }
  };

  /** Runs a mutation with an audit event recording who did what and how it ended. */
  const audited = async <T>(req: Request, eventId: string, meta: Record<string, string>, action: () => Promise<T>) => {
    const event = await auditor.createEvent({ eventId, severityLevel: 'medium', request: req, meta });
    try {
      const result = await action();
      await event.success({ meta: { ...meta, result: 'success' } });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta: { ...meta, result: 'failure' } });
      throw error;
    }
  };

  router.get('/permissions', async (req, res) => {
    const credentials = await credentialsOf(req);
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
    res.json(await buildPlanes.list(namespacesFor(namespace)));
  });

  router.get('/buildplanes/:ns/:name', async (req, res) => {
    const { ns, name } = parse(objectParams, req.params, 'path');
    ensureNamespace(ns);
    res.json(await buildPlanes.detail(ns, name));
  });

  router.get('/workflows', async (req, res) => {
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    res.json(await workflows.list(namespacesFor(namespace)));
  });

  router.get('/components/:ns/:project/:component', async (req, res) => {
    const { ns, project, component } = parse(componentParams, req.params, 'path');
    ensureNamespace(ns);
    res.json(await services.components.get(ns, project, component));
  });

  router.get('/runs', async (req, res) => {
    const query = parse(listRunsQuery, req.query, 'query');
    res.json(
      await runs.list({
        namespaces: namespacesFor(query.namespace),
        filter: { project: query.project, component: query.component, workflow: query.workflow, statuses: query.status },
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  });

  router.get('/runs/:ns/:name', async (req, res) => {
    const { ns, name } = parse(objectParams, req.params, 'path');
    ensureNamespace(ns);
    res.json(await runs.get(ns, name));
  });

  router.post('/runs', async (req, res) => {
    const credentials = await credentialsOf(req);
    const body = parse(createRunBody, req.body ?? {}, 'body');
    namespacesFor(body.namespace);
    const meta = { namespace: body.namespace, project: body.project, component: body.component, workflow: body.workflow ?? '' };
    const run = await audited(req, 'run-create', meta, async () => {
      await authorize(credentials, openchoreoBuildRunCreatePermission, 'start builds');
      return runs.create(body, actorOf(credentials));
    });
    res.status(201).json(run);
  });

  router.post('/runs/:ns/:name/rerun', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    ensureNamespace(ns);
    const run = await audited(req, 'run-rerun', { namespace: ns, run: name }, async () => {
      await authorize(credentials, openchoreoBuildRunCreatePermission, 're-run builds');
      return runs.rerun(ns, name, actorOf(credentials));
    });
    res.status(201).json(run);
  });

  router.post('/runs/:ns/:name/cancel', async (req, res) => {
    const credentials = await credentialsOf(req);
    const { ns, name } = parse(objectParams, req.params, 'path');
    ensureNamespace(ns);
    const result = await audited(req, 'run-cancel', { namespace: ns, run: name }, async () => {
      await authorize(credentials, openchoreoBuildRunCancelPermission, 'cancel builds');
      return runs.cancel(ns, name);
    });
    res.status(202).json(result);
  });

  router.get('/events', async (req, res) => {
    await credentialsOf(req);
    const { namespace } = parse(namespaceQuery, req.query, 'query');
    await streamRunEvents(req, res, events, namespacesFor(namespace), services.heartbeatMs);
  });

  if (services.logs) {
    router.use(createLogsRouter({ httpAuth, namespaces: services.namespaces, logs: services.logs }));
  }

  return router;
}

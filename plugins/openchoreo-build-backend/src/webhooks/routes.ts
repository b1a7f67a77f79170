import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CustomErrorBase, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  WEBHOOK_PROVIDERS,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express, { type NextFunction, type Request, type Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parse } from '../service/validation';
import type { AutoBuildService } from './AutoBuildService';
import type { WebhookService } from './WebhookService';

/** Largest accepted webhook body. */
export const WEBHOOK_BODY_LIMIT = '1mb';

/** 413 with a message naming the limit (body-parser's own says only "request entity too large"). */
class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes name (lowercase letters, digits, "-", ".")');
const componentParams = z.object({ ns: k8sName, project: k8sName, component: k8sName });
const updateBody = z.object({ enabled: z.boolean() }).strict();

export interface WebhookRouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  namespaces: string[];
  webhooks: WebhookService;
  autoBuild: AutoBuildService;
}

function actorOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as { type?: string; userEntityRef?: string; subject?: string };
  return principal.type === 'user' ? principal.userEntityRef : principal.subject;
}

/**
 * `POST /webhooks/:provider` (unauthenticated for Backstage, verified by the provider's signature;
 * the plugin adds the auth policy) and `GET|PUT /components/:ns/:project/:component/autobuild`.
 * Mount it before any JSON body parser: the webhook route needs the raw body for the signature.
 */
export function createWebhookRouter(options: WebhookRouterOptions): express.Router {
  const { httpAuth, permissions, auditor, webhooks, autoBuild } = options;
  const router = Router();

  const knownProvider = (req: Request, _res: Response, next: NextFunction) => {
    if (!WEBHOOK_PROVIDERS.includes(req.params.provider as WebhookProvider)) {
      next(new NotFoundError(`Unknown webhook provider "${req.params.provider}"; use one of ${WEBHOOK_PROVIDERS.join(', ')}`));
      return;
    }
    next();
  };
  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  const limitedRawBody = (req: Request, res: Response, next: NextFunction) =>
    rawBody(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        next(new PayloadTooLargeError(`Webhook payload exceeds the ${WEBHOOK_BODY_LIMIT} limit`));
        return;
      }
      next(error);
    });

  router.post('/webhooks/:provider', knownProvider, limitedRawBody, async (req, res) => {
    const provider = req.params.provider as WebhookProvider;
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const event = await auditor.createEvent({
      eventId: 'webhook-receive',
      severityLevel: 'medium',
      request: req,
      meta: { provider },
    });
    try {
      const { status, body: result } = await webhooks.handle(provider, req.headers, body);
      const meta = {
        provider,
        deliveryId: result.deliveryId ?? '',
        event: result.event,
        repository: result.repository ?? '',
        branch: result.branch ?? '',
        commit: result.commit ?? '',
        duplicate: result.duplicate,
        matchedComponents: result.components.map(c => `${c.namespace}/${c.component}`),
        createdRuns: result.runs.map(r => `${r.namespace}/${r.name}`),
        result: status < 300 ? 'success' : 'failure',
      };
      if (status < 300) await event.success({ meta });
      else await event.fail({ error: new Error(result.message), meta });
      res.status(status).json(result);
    } catch (error) {
      await event.fail({ error: error as Error, meta: { provider, result: 'failure' } });
      throw error;
    }
  });

  const canUpdate = async (credentials: BackstageCredentials) => {
    const [decision] = await permissions.authorize([{ permission: openchoreoBuildAutoBuildUpdatePermission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  };
  const componentOf = (req: Request) => {
    const params = parse(componentParams, req.params, 'path');
    if (!options.namespaces.includes(params.ns)) {
      throw new NotFoundError(`Namespace ${params.ns} is not one of the namespaces this portal shows`);
    }
    return params;
  };

  router.get('/components/:ns/:project/:component/autobuild', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { ns, project, component } = componentOf(req);
    res.json(await autoBuild.get(ns, project, component, await canUpdate(credentials)));
  });

  const update = async (req: Request, res: Response) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { ns, project, component } = componentOf(req);
    const { enabled } = parse(updateBody, req.body ?? {}, 'body');
    const meta = { namespace: ns, project, component, enabled, actor: actorOf(credentials) ?? '' };
    const event = await auditor.createEvent({ eventId: 'autobuild-update', severityLevel: 'medium', request: req, meta });
    try {
      if (!(await canUpdate(credentials))) {
        throw new NotAllowedError(
          `You are not allowed to switch auto-build (permission ${openchoreoBuildAutoBuildUpdatePermission.name})`,
        );
      }
      const result = await autoBuild.update(ns, project, component, enabled);
      await event.success({ meta: { ...meta, result: 'success' } });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error, meta: { ...meta, result: 'failure' } });
      throw error;
    }
  };
  const json = express.json({ limit: '64kb' });
  router.put('/components/:ns/:project/:component/autobuild', json, update);
  router.patch('/components/:ns/:project/:component/autobuild', json, update);

  return router;
}

import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildRunReadPermission,
  WEBHOOK_PROVIDERS,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express, { type NextFunction, type Request, type Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { BuildAuthorizer } from '../permissions/BuildAuthorizer';
import {
  actorOf,
  audited,
  componentParams,
  credentialsOf,
  NamespaceGuard,
} from '../service/routeKit';
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

const updateBody = z.object({ enabled: z.boolean() }).strict();

export interface WebhookRouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  authorizer: BuildAuthorizer;
  auditor: AuditorService;
  namespaces: string[];
  webhooks: WebhookService;
  autoBuild: AutoBuildService;
}

/**
 * `POST /webhooks/:provider` (unauthenticated for Backstage, verified by the provider's signature;
 * the plugin adds the auth policy) and `GET|PUT /components/:ns/:project/:component/autobuild`.
 * Mount it before any JSON body parser: the webhook route needs the raw body for the signature.
 */
export function createWebhookRouter(options: WebhookRouterOptions): express.Router {
  const { httpAuth, authorizer, auditor, webhooks, autoBuild } = options;
  const guard = new NamespaceGuard(options.namespaces);
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
    const { status, body: result } = await audited(
      auditor,
      req,
      {
        eventId: 'webhook-receive',
        meta: { provider },
        // A delivery is answered, not thrown, when it fails (4xx/5xx with a per-component outcome).
        outcome: ({ status: answered, body: delivery }) => ({
          meta: {
            provider,
            deliveryId: delivery.deliveryId ?? '',
            event: delivery.event,
            repository: delivery.repository ?? '',
            branch: delivery.branch ?? '',
            commit: delivery.commit ?? '',
            duplicate: delivery.duplicate,
            matchedComponents: delivery.components.map(c => `${c.namespace}/${c.component}`),
            createdRuns: delivery.runs.map(r => `${r.namespace}/${r.name}`),
            result: answered < 300 ? 'success' : 'failure',
          },
          error: answered < 300 ? undefined : new Error(delivery.message),
        }),
      },
      () => webhooks.handle(provider, req.headers, body),
    );
    res.status(status).json(result);
  });

  const componentOf = (req: Request) => {
    const params = parse(componentParams, req.params, 'path');
    guard.ensureShown(params.ns);
    return params;
  };

  router.get('/components/:ns/:project/:component/autobuild', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, project, component } = componentOf(req);
    const target = { namespace: ns, project, component };
    await authorizer.authorizeComponent(credentials, openchoreoBuildRunReadPermission, target, 'see the builds of this component');
    const [update] = await authorizer.decide(credentials, openchoreoBuildAutoBuildUpdatePermission, [target]);
    res.json(await autoBuild.get(ns, project, component, update.allowed));
  });

  const update = async (req: Request, res: Response) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, project, component } = componentOf(req);
    const { enabled } = parse(updateBody, req.body ?? {}, 'body');
    const meta = { namespace: ns, project, component, enabled, actor: actorOf(credentials) ?? '' };
    const result = await audited(auditor, req, { eventId: 'autobuild-update', meta }, async () => {
      await authorizer.authorizeComponent(
        credentials,
        openchoreoBuildAutoBuildUpdatePermission,
        { namespace: ns, project, component },
        'switch auto-build of this component',
      );
      return autoBuild.update(ns, project, component, enabled);
    });
    res.json(result);
  };
  const json = express.json({ limit: '64kb' });
  router.put('/components/:ns/:project/:component/autobuild', json, update);
  router.patch('/components/:ns/:project/:component/autobuild', json, update);

  return router;
}

import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import {
  openchoreoBuildAutoBuildUpdatePermission,
  openchoreoBuildRunReadPermission,
  WEBHOOK_DELIVERIES_LIMIT,
  WEBHOOK_PROVIDERS,
  type WebhookDeliveriesResponse,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { BuildAuthorizer } from '../permissions/BuildAuthorizer';
import {
  actorOf,
  auditDeniedReads,
  audited,
  componentParams,
  credentialsOf,
  NamespaceGuard,
} from '../service/routeKit';
import {
  jsonBody,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../service/bounds';
import { parse } from '../service/validation';
import type { AutoBuildService } from './AutoBuildService';
import { WEBHOOK_DEFAULTS } from './config';
import { DeliveryInProgressError } from './deliveries/DatabaseDeliveryStore';
import type { DeliveryLog } from './deliveries/DeliveryLog';
import { DeliveryLimiter, WebhooksBusyError } from './limiter';
import type { WebhookService } from './WebhookService';

/**
 * Largest accepted webhook body, after decompression: GitHub caps deliveries at 25 MB (a push
 * with many commits and file lists gets close), and a refused delivery is a missed build. GitLab
 * and Bitbucket pushes stay well below it.
 */
export const WEBHOOK_BODY_LIMIT = '25mb';

const updateBody = z.object({ enabled: z.boolean() }).strict();

const LIMIT_MESSAGE = `limit must be a whole number from 1 to ${WEBHOOK_DELIVERIES_LIMIT.max} (default ${WEBHOOK_DELIVERIES_LIMIT.default})`;
/** `GET …/autobuild/deliveries?limit=`; unknown keys are refused so a typo is not silently ignored. */
export const deliveriesQuery = z
  .object({
    limit: z.coerce
      .number({ invalid_type_error: LIMIT_MESSAGE })
      .int(LIMIT_MESSAGE)
      .min(1, LIMIT_MESSAGE)
      .max(WEBHOOK_DELIVERIES_LIMIT.max, LIMIT_MESSAGE)
      .default(WEBHOOK_DELIVERIES_LIMIT.default),
  })
  .strict();

export interface WebhookRouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  authorizer: BuildAuthorizer;
  auditor: AuditorService;
  namespaces: string[];
  webhooks: WebhookService;
  autoBuild: AutoBuildService;
  /** The delivery log, for a component's recent deliveries. */
  deliveries: Pick<DeliveryLog, 'listForComponent'>;
  /** Bounds deliveries handled at once (see DeliveryLimiter). */
  limiter?: DeliveryLimiter;
}

/**
 * `POST /webhooks/:provider` (unauthenticated for Backstage, verified by the provider's signature;
 * the plugin adds the auth policy), `GET|PUT /components/:ns/:project/:component/autobuild` and
 * `GET …/autobuild/deliveries`.
 * Mount it before any JSON body parser: the webhook route needs the raw body for the signature.
 */
export function createWebhookRouter(
  options: WebhookRouterOptions,
): express.Router {
  const { httpAuth, authorizer, auditor, webhooks, autoBuild } = options;
  const guard = new NamespaceGuard(options.namespaces);
  const router = Router();

  const knownProvider = (req: Request, _res: Response, next: NextFunction) => {
    if (!WEBHOOK_PROVIDERS.includes(req.params.provider as WebhookProvider)) {
      next(
        new NotFoundError(
          `Unknown webhook provider "${
            req.params.provider
          }"; use one of ${WEBHOOK_PROVIDERS.join(', ')}`,
        ),
      );
      return;
    }
    next();
  };
  const limiter =
    options.limiter ??
    new DeliveryLimiter(
      WEBHOOK_DEFAULTS.maxConcurrentDeliveries,
      WEBHOOK_DEFAULTS.maxQueuedDeliveries,
    );
  const limited = (_req: Request, res: Response, next: NextFunction) => {
    limiter.acquire().then(
      release => {
        // 'close' also fires when the caller goes away mid-body, so a slot is never lost.
        res.once('close', release);
        next();
      },
      (error: unknown) => {
        if (error instanceof WebhooksBusyError)
          res.set('Retry-After', String(error.retryAfterSeconds));
        next(error);
      },
    );
  };
  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  const limitedRawBody = (req: Request, res: Response, next: NextFunction) =>
    rawBody(req, res, (error?: unknown) => {
      if (!error) {
        next();
        return;
      }
      // Every body-parser failure is about the request: each answer names what was wrong.
      const failure = error as { type?: string; encoding?: unknown };
      const encoding = String(req.header('content-encoding') ?? '').slice(
        0,
        40,
      );
      if (failure.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `Webhook payload exceeds the ${WEBHOOK_BODY_LIMIT} limit`,
          ),
        );
      } else if (failure.type === 'encoding.unsupported') {
        next(
          new UnsupportedMediaTypeError(
            `Content-Encoding: "${encoding}" is not supported`,
          ),
        );
      } else if (encoding && encoding !== 'identity') {
        next(
          new InputError(
            `Content-Encoding: the body is not valid "${encoding}" data`,
          ),
        );
      } else {
        next(
          new InputError(
            `body: could not be read (${failure.type ?? 'unreadable'})`,
          ),
        );
      }
    });

  /**
   * One audit event per delivery: component and run names go here, never to the unauthenticated
   * caller. Deliveries refused before their signature was verified (400/401) are recorded at low
   * severity; a failure to record is logged and never changes the answer.
   */
  const recordDelivery = async (
    req: Request,
    provider: WebhookProvider,
    answer: Awaited<ReturnType<WebhookService['handle']>>,
  ) => {
    const { status: answered, body: delivery, audit } = answer;
    const unverified = answered === 400 || answered === 401;
    const meta = {
      provider,
      deliveryId: delivery.deliveryId,
      event: delivery.event,
      repository: delivery.repository ?? '',
      branch: delivery.branch ?? '',
      commit: delivery.commit ?? '',
      duplicate: delivery.duplicate,
      matchedComponents: audit.matchedComponents,
      createdRuns: audit.createdRuns,
      failures: audit.failures,
      skipped: audit.skipped,
      result: answered < 300 ? 'success' : 'failure',
    };
    try {
      const event = await auditor.createEvent({
        eventId: 'webhook-receive',
        severityLevel: unverified ? 'low' : 'medium',
        request: req,
        meta: { provider },
      });
      if (answered < 300) await event.success({ meta });
      else await event.fail({ error: new Error(delivery.message), meta });
    } catch (error) {
      options.logger.warn(
        `openchoreo-build: could not record webhook delivery ${
          delivery.deliveryId
        } in the audit log: ${isError(error) ? error.message : String(error)}`,
      );
    }
  };

  /** A delivery that was refused by throwing (bad signature, unreadable body, busy control plane). */
  const recordRefusal = async (
    req: Request,
    provider: WebhookProvider,
    error: unknown,
  ) => {
    const failure = isError(error) ? error : new Error(String(error));
    // Refusals before verification are anyone's to send: low severity.
    const unverified =
      failure.name === 'AuthenticationError' || failure.name === 'InputError';
    try {
      const event = await auditor.createEvent({
        eventId: 'webhook-receive',
        severityLevel: unverified ? 'low' : 'medium',
        request: req,
        meta: { provider },
      });
      await event.fail({
        error: failure,
        meta: { provider, result: 'failure' },
      });
    } catch (auditError) {
      options.logger.warn(
        `openchoreo-build: could not record a refused webhook delivery in the audit log: ${
          isError(auditError) ? auditError.message : String(auditError)
        }`,
      );
    }
  };

  router.post(
    '/webhooks/:provider',
    knownProvider,
    limited,
    limitedRawBody,
    async (req, res) => {
      const provider = req.params.provider as WebhookProvider;
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      // Verified first, audited after: an unauthenticated stranger must not be able to fill the
      // audit log at medium severity, nor stop a delivery with an Authorization header the
      // auditor cannot resolve.
      let answer: Awaited<ReturnType<WebhookService['handle']>>;
      try {
        answer = await webhooks.handle(provider, req.headers, body);
      } catch (error) {
        await recordRefusal(req, provider, error);
        if (error instanceof DeliveryInProgressError)
          res.set('Retry-After', String(error.retryAfterSeconds));
        throw error;
      }
      await recordDelivery(req, provider, answer);
      const { status, body: result } = answer;
      res.status(status).json(result);
    },
  );

  const componentOf = (req: Request) => {
    const params = parse(componentParams, req.params, 'path');
    guard.ensureShown(params.ns);
    return params;
  };

  router.get(
    '/components/:ns/:project/:component/autobuild',
    async (req, res) => {
      const credentials = await credentialsOf(httpAuth, req);
      const { ns, project, component } = componentOf(req);
      const target = { namespace: ns, project, component };
      await authorizer.authorizeComponent(
        credentials,
        openchoreoBuildRunReadPermission,
        target,
        'see the builds of this component',
      );
      const [update] = await authorizer.decide(
        credentials,
        openchoreoBuildAutoBuildUpdatePermission,
        [target],
      );
      res.json(await autoBuild.get(ns, project, component, update.allowed));
    },
  );

  router.get(
    '/components/:ns/:project/:component/autobuild/deliveries',
    async (req, res) => {
      const credentials = await credentialsOf(httpAuth, req);
      const { ns, project, component } = componentOf(req);
      const { limit } = parse(deliveriesQuery, req.query, 'query');
      const target = { namespace: ns, project, component };
      await authorizer.authorizeComponent(
        credentials,
        openchoreoBuildRunReadPermission,
        target,
        'see the builds of this component',
      );
      const response: WebhookDeliveriesResponse = {
        namespace: ns,
        project,
        component,
        items: await options.deliveries.listForComponent(target, limit),
      };
      res.json(response);
    },
  );

  const update = async (req: Request, res: Response) => {
    const credentials = await credentialsOf(httpAuth, req);
    const { ns, project, component } = componentOf(req);
    const { enabled } = parse(updateBody, req.body ?? {}, 'body');
    const meta = {
      namespace: ns,
      project,
      component,
      enabled,
      actor: actorOf(credentials) ?? '',
    };
    const result = await audited(
      auditor,
      req,
      { eventId: 'autobuild-update', meta },
      async () => {
        await authorizer.authorizeComponent(
          credentials,
          openchoreoBuildAutoBuildUpdatePermission,
          { namespace: ns, project, component },
          'switch auto-build of this component',
        );
        return autoBuild.update(ns, project, component, enabled);
      },
    );
    res.json(result);
  };
  const json = jsonBody(64 * 1024);
  router.put('/components/:ns/:project/:component/autobuild', json, update);
  router.patch('/components/:ns/:project/:component/autobuild', json, update);

  router.use(auditDeniedReads(auditor));

  return router;
}

import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, isError, NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  ErrorRequestHandler,
  NextFunction,
  Request,
  Response,
} from 'express';
import { z } from 'zod';

/**
 * What every router of the plugin does the same way: name validation, the configured-namespace
 * check, who the caller is and audit events (permission checks: `permissions/BuildAuthorizer`). One copy here, so the routers
 * (`service/router.ts`, `logs/logsRouter.ts`, `webhooks/routes.ts`) cannot drift apart.
 */

/** Kubernetes object / namespace names (RFC 1123 subdomain; namespaces are labels). */
export const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name (lowercase letters, digits, "-", ".")',
  );

/** `:ns/:project/:component` path parameters. */
export const componentParams = z.object({
  ns: k8sName,
  project: k8sName,
  component: k8sName,
});

/** The caller's credentials; every route accepts users and services. */
export function credentialsOf(
  httpAuth: HttpAuthService,
  req: Request,
): Promise<BackstageCredentials> {
  return httpAuth.credentials(req, { allow: ['user', 'service'] });
}

/** Who acts, for run annotations and audit meta: a user's entity ref or a service's subject. */
export function actorOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}

/**
 * The organizations (namespaces) this portal shows. Anything else is refused before a service
 * is called, so no route can reach an org the configuration does not name.
 */
export class NamespaceGuard {
  constructor(readonly namespaces: readonly string[]) {}

  /** A path parameter (`:ns`): an org that is not shown is 404, as if it did not exist. */
  ensureShown(namespace: string): void {
    if (!this.namespaces.includes(namespace)) {
      throw new NotFoundError(
        `Namespace ${namespace} is not one of the namespaces this portal shows`,
      );
    }
  }

  /**
   * A query or body field: the configured orgs when absent, else the one asked for, which must
   * be configured (400 naming `field`, since the caller chose a value).
   */
  select(namespace: string | undefined, field = 'namespace'): string[] {
    if (!namespace) return [...this.namespaces];
    if (!this.namespaces.includes(namespace)) {
      throw new InputError(
        `${field}: "${namespace}" is not one of the namespaces this portal shows (${this.namespaces.join(
          ', ',
        )})`,
      );
    }
    return [namespace];
  }
}

export interface AuditedOptions {
  eventId: string;
  meta: JsonObject;
}

/**
 * Runs a mutation inside an audit event recording who did what and how it ended. A thrown error
 * is recorded as a failure (`meta` plus `result: 'failure'`) and rethrown; so is a permission
 * denial when the check runs inside `action`.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  options: AuditedOptions,
  action: () => Promise<T>,
): Promise<T> {
  const { eventId, meta } = options;
  const event = await auditor.createEvent({
    eventId,
    severityLevel: 'medium',
    request: req,
    meta,
  });
  let result: T;
  try {
    result = await action();
  } catch (error) {
    await event.fail({
      error: isError(error) ? error : new Error(String(error)),
      meta: { ...meta, result: 'failure' },
    });
    throw error;
  }
  await event.success({ meta: { ...meta, result: 'success' } });
  return result;
}

/**
 * Error middleware that records refused reads (403 on GET/HEAD) with the auditor, as mutations
 * already are through {@link audited}: who was refused what, and the decision's message. Mount it
 * after the routes; it passes every error on unchanged.
 */
export function auditDeniedReads(auditor: AuditorService): ErrorRequestHandler {
  return (error: unknown, req: Request, _res: Response, next: NextFunction) => {
    const denied =
      isError(error) &&
      error.name === 'NotAllowedError' &&
      (req.method === 'GET' || req.method === 'HEAD');
    if (!denied) {
      next(error);
      return;
    }
    const meta = { method: req.method, path: req.path, result: 'denied' };
    auditor
      .createEvent({
        eventId: 'read-denied',
        severityLevel: 'low',
        request: req,
        meta,
      })
      .then(event => event.fail({ error, meta }))
      // The refusal is answered whether or not the audit record could be written.
      .catch(() => undefined)
      .finally(() => next(error));
  };
}

/**
 * Error middleware that turns an error's `retryAfterSeconds` (a throttled cluster, a full stream
 * quota) into a `Retry-After` header, which Backstage's error handler does not set itself. Mount
 * it after the routes; it passes every error on unchanged.
 */
export function retryAfterHeader(): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const seconds = (error as { retryAfterSeconds?: unknown } | null)
      ?.retryAfterSeconds;
    if (typeof seconds === 'number' && !res.headersSent) {
      res.set('Retry-After', String(seconds));
    }
    next(error);
  };
}

import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  analyzeHolosDocuments,
  analyzeHolosText,
  HOLOS_BUILDPLANS_ANNOTATION,
  HolosInputError,
  openchoreoBuildHolosPlanReadPermission,
  openchoreoBuildHolosValidatePermission,
  type HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { BuildAuthorizer } from '../permissions/BuildAuthorizer';
import { auditDeniedReads, credentialsOf } from '../service/routeKit';
import { parse } from '../service/validation';
import { readHolosBody } from './holosBody';
import { toPlanInputError } from './holosErrors';
import type { HolosPlanSource } from './HolosPlanSource';

export interface HolosRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** The basic check of the validate route. */
  authorizer: Pick<BuildAuthorizer, 'authorizeBasic'>;
  /** The entity check of the read route (on the entity itself, not a component's claim). */
  permissions: Pick<PermissionsService, 'authorize'>;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  plans: Pick<HolosPlanSource, 'plansOf'>;
  /** The largest validate body (and plans file) in bytes. */
  maxBodyBytes: number;
}

const entityRefQuery = z
  .object({
    entityRef: z
      .string({
        required_error:
          'is required (an entity ref, e.g. component:default/my-service)',
        invalid_type_error: 'must be given once',
      })
      .min(1, 'must not be empty')
      .max(512, 'is longer than 512 characters'),
  })
  .passthrough();

/** `kind:namespace/name`, normalized; a ref without a kind is refused (it would be ambiguous). */
function entityRefOf(value: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch (error) {
    throw new InputError(
      `entityRef: "${value.slice(0, 200)}" is not an entity ref (${
        error instanceof Error ? error.message : String(error)
      }); write kind:namespace/name, e.g. component:default/my-service`,
    );
  }
}

async function authorizeEntity(
  permissions: Pick<PermissionsService, 'authorize'>,
  credentials: BackstageCredentials,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  action: string,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    // Worded as BuildAuthorizer words its refusals.
    throw new NotAllowedError(
      `You are not allowed to ${action} (permission ${permission.name} on ${entityRef})`,
    );
  }
}

/**
 * The Holos routes (issue #16): validating pasted plans, and reading an entity's plans from its
 * source. Neither touches a cluster, so they are mounted whether or not the control plane is
 * configured.
 */
export function createHolosRouter(options: HolosRouterOptions): express.Router {
  const { httpAuth, authorizer, permissions, catalog, plans } = options;
  const router = Router();

  router.post('/holos/buildplans/validate', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    // Before the body is read: a refused caller costs no parsing.
    await authorizer.authorizeBasic(
      credentials,
      openchoreoBuildHolosValidatePermission,
      'validate Holos plans',
    );
    const body = await readHolosBody(req, res, options.maxBodyBytes);
    let result: HolosValidationResult;
    try {
      result =
        body.format === 'text'
          ? analyzeHolosText(body.text)
          : analyzeHolosDocuments(body.documents);
    } catch (error) {
      if (error instanceof HolosInputError)
        throw toPlanInputError(error, 'body');
      throw error;
    }
    res.json(result);
  });

  router.get('/holos/buildplans', async (req, res) => {
    const credentials = await credentialsOf(httpAuth, req);
    const entityRef = entityRefOf(
      parse(entityRefQuery, req.query, 'query').entityRef,
    );
    // Read as the caller: an entity they may not see is as absent as one that does not exist.
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(
        `entityRef: no catalog entity ${entityRef} (or you may not see it)`,
      );
    }
    await authorizeEntity(
      permissions,
      credentials,
      openchoreoBuildHolosPlanReadPermission,
      entityRef,
      'read the Holos plans of this entity',
    );
    if (!entity.metadata.annotations?.[HOLOS_BUILDPLANS_ANNOTATION]) {
      throw new NotFoundError(
        `${entityRef} has no ${HOLOS_BUILDPLANS_ANNOTATION} annotation; add one naming its BuildPlans file, a path relative to the entity's source location or an http(s) URL (e.g. ${HOLOS_BUILDPLANS_ANNOTATION}: deploy/buildplans.yaml)`,
      );
    }
    res.json(await plans.plansOf(entity));
  });

  router.use(auditDeniedReads(options.auditor));
  return router;
}

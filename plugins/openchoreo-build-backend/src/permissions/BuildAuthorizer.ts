import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  componentKey,
  type ComponentCoordinates,
  type ComponentEntityIndex,
} from './ComponentEntityIndex';

/** A permission decided against the catalog entity of an OpenChoreo component. */
export type EntityPermission = ResourcePermission<'catalog-entity'>;

/**
 * What happens to a component no catalog entity claims (no entity carries its `openchoreo.io/*`
 * annotations), where no entity-based rule can be evaluated:
 * - `deny` (default): nobody may act on it or see its runs;
 * - `unconditional`: allowed only to users whom the policy allows the permission without
 *   conditions (for example a platform team that may do everything).
 */
export type UnclaimedComponentPolicy = 'deny' | 'unconditional';

export interface BuildAuthorizerOptions {
  permissions: Pick<PermissionsService, 'authorize' | 'authorizeConditional'>;
  entities: Pick<ComponentEntityIndex, 'entityRefOf'>;
  unclaimedComponents: UnclaimedComponentPolicy;
}

/** One decision about one component. */
export interface ComponentDecision {
  allowed: boolean;
  /** The catalog entity the decision was made against; absent for an unclaimed component. */
  entityRef?: string;
}

const describe = (c: ComponentCoordinates) =>
  `${c.namespace}/${c.project ?? '?'}/${c.component ?? '?'}`;

/**
 * Every permission check of the plugin: basic permissions for the platform views, and
 * catalog-entity permissions for anything that belongs to a component (its runs, logs, events,
 * builds, auto-build), decided against the entity that claims the component so that the policy's
 * catalog rules (`isEntityOwner`, …) apply. Lists and streams are filtered with one batched
 * request per distinct component, not one per run.
 */
export class BuildAuthorizer {
  constructor(private readonly options: BuildAuthorizerOptions) {}

  /** Throws NotAllowedError (403) unless `permission` is allowed. */
  async authorizeBasic(
    credentials: BackstageCredentials,
    permission: BasicPermission,
    action: string,
  ): Promise<void> {
    const [decision] = await this.options.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${action} (permission ${permission.name})`,
      );
    }
  }

  /**
   * Throws NotAllowedError (403) unless `permission` is allowed on the component's entity; the
   * message says which permission on which entity, or that no entity claims the component.
   */
  async authorizeComponent(
    credentials: BackstageCredentials,
    permission: EntityPermission,
    target: ComponentCoordinates,
    action: string,
  ): Promise<ComponentDecision> {
    const [decision] = await this.decide(credentials, permission, [target]);
    if (decision.allowed) return decision;
    if (!decision.entityRef) {
      throw new NotAllowedError(
        `You are not allowed to ${action}: no catalog entity claims OpenChoreo component ${describe(
          target,
        )} (annotations openchoreo.io/namespace, openchoreo.io/project, openchoreo.io/component), so permission ${
          permission.name
        } cannot be granted through its owner`,
      );
    }
    throw new NotAllowedError(
      `You are not allowed to ${action} (permission ${permission.name} on ${decision.entityRef})`,
    );
  }

  /**
   * A synchronous check for many items (a list about to be paged): decided once for the
   * distinct components among `candidates`; an item of another component is not allowed.
   */
  async predicate(
    credentials: BackstageCredentials,
    permission: EntityPermission,
    candidates: readonly ComponentCoordinates[],
  ): Promise<(item: ComponentCoordinates) => boolean> {
    const distinct = new Map<string, ComponentCoordinates>();
    for (const c of candidates) distinct.set(componentKey(c), c);
    const targets = [...distinct.values()];
    const decisions = await this.decide(credentials, permission, targets);
    const allowed = new Set(
      targets.filter((_, i) => decisions[i].allowed).map(componentKey),
    );
    return item => allowed.has(componentKey(item));
  }

  /** The items whose component allows `permission`, in their order. */
  async filter<T extends ComponentCoordinates>(
    credentials: BackstageCredentials,
    permission: EntityPermission,
    items: readonly T[],
  ): Promise<T[]> {
    const decisions = await this.decide(credentials, permission, items);
    return items.filter((_, i) => decisions[i].allowed);
  }

  /**
   * A decision per target (same order). Distinct components are looked up once; claimed ones are
   * decided in one batched `authorize` with their entity refs, unclaimed ones by the configured
   * policy.
   */
  async decide(
    credentials: BackstageCredentials,
    permission: EntityPermission,
    targets: readonly ComponentCoordinates[],
  ): Promise<ComponentDecision[]> {
    const distinct = new Map<string, ComponentCoordinates>();
    for (const target of targets) distinct.set(componentKey(target), target);
    const refs = new Map<string, string | undefined>();
    await Promise.all(
      [...distinct].map(async ([key, target]) => {
        refs.set(key, await this.options.entities.entityRefOf(target));
      }),
    );

    const claimedRefs = [
      ...new Set([...refs.values()].filter((r): r is string => !!r)),
    ];
    const allowedRefs = new Set<string>();
    if (claimedRefs.length > 0) {
      const answers = await this.options.permissions.authorize(
        claimedRefs.map(resourceRef => ({ permission, resourceRef })),
        { credentials },
      );
      answers.forEach((answer, i) => {
        if (answer.result === AuthorizeResult.ALLOW)
          allowedRefs.add(claimedRefs[i]);
      });
    }
    const unclaimedAllowed = [...refs.values()].some(ref => !ref)
      ? await this.allowedWithoutEntity(credentials, permission)
      : false;

    return targets.map(target => {
      const entityRef = refs.get(componentKey(target));
      return entityRef
        ? { allowed: allowedRefs.has(entityRef), entityRef }
        : { allowed: unclaimedAllowed };
    });
  }

  private async allowedWithoutEntity(
    credentials: BackstageCredentials,
    permission: EntityPermission,
  ): Promise<boolean> {
    if (this.options.unclaimedComponents === 'deny') return false;
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}

/**
 * A read check for one long-lived stream (`/events`): decisions per component are remembered
 * for `ttlMs`, so a busy stream asks the permission framework about each component at most once
 * per period, and a revoked permission takes effect within that period. A decision already made
 * is answered synchronously (a boolean, not a promise): a stream fanning one change out to a
 * thousand clients then writes each at once instead of queueing a promise per client.
 */
/**
 * The component key of a target, computed once per object: one run change is checked by every
 * open `/events` stream with the same RunSummary, so a thousand streams need the key once, not a
 * thousand times (it showed in bench:scale's profile of the fan-out).
 */
const componentKeys = new WeakMap<ComponentCoordinates, string>();
function sharedComponentKey(target: ComponentCoordinates): string {
  let key = componentKeys.get(target);
  if (key === undefined) {
    key = componentKey(target);
    componentKeys.set(target, key);
  }
  return key;
}

export function createStreamGuard(options: {
  authorizer: Pick<BuildAuthorizer, 'decide'>;
  credentials: BackstageCredentials;
  permission: EntityPermission;
  ttlMs?: number;
  now?: () => number;
}): (target: ComponentCoordinates) => boolean | Promise<boolean> {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<
    string,
    { allowed: Promise<boolean>; at: number; decided?: boolean }
  >();
  return target => {
    const key = sharedComponentKey(target);
    const cached = cache.get(key);
    if (cached && now() - cached.at < ttlMs)
      return cached.decided ?? cached.allowed;
    const entry: { allowed: Promise<boolean>; at: number; decided?: boolean } =
      {
        at: now(),
        allowed: options.authorizer
          .decide(options.credentials, options.permission, [target])
          .then(([decision]) => {
            entry.decided = decision.allowed;
            return decision.allowed;
          })
          // A failed check denies this time and is asked again next time.
          .catch(() => {
            cache.delete(key);
            return false;
          }),
      };
    cache.set(key, entry);
    return entry.allowed;
  };
}

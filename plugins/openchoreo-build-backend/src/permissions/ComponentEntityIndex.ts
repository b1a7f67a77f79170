import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getOpenChoreoComponentRef,
  OPENCHOREO_ANNOTATIONS,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** The OpenChoreo coordinates of a component, as a run names them. */
export interface ComponentCoordinates {
  namespace: string;
  project?: string;
  component?: string;
}

export function componentKey(c: ComponentCoordinates): string {
  return `${c.namespace}/${c.project ?? ''}/${c.component ?? ''}`;
}

/** The coordinates an entity's annotations claim, or undefined when it claims none. */
export function claimedComponent(
  entity: Pick<Entity, 'metadata'>,
): Required<ComponentCoordinates> | undefined {
  return getOpenChoreoComponentRef(entity);
}

export interface ComponentEntityIndexOptions {
  catalog: Pick<CatalogService, 'getEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  logger: LoggerService;
  /** How long a read of the catalog is reused (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Which catalog entity claims an OpenChoreo component: the entity ref that permission decisions
 * are made against (so catalog rules such as `isEntityOwner` apply to builds).
 *
 * One catalog query lists every entity with the component annotation; the answer is kept for
 * `ttlMs` and shared by every request, so a page of runs or an event stream costs no catalog call
 * per run. A failed refresh keeps the previous index (and logs why): a catalog hiccup must not
 * turn every run into "unclaimed".
 */
export class ComponentEntityIndex {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private index?: Map<string, string>;
  private loadedAt = -Infinity;
  private loading?: Promise<Map<string, string>>;

  constructor(private readonly options: ComponentEntityIndexOptions) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The ref of the entity that claims the component, or undefined when none does. */
  async entityRefOf(c: ComponentCoordinates): Promise<string | undefined> {
    if (!c.project || !c.component) return undefined;
    const index = await this.current();
    return index.get(componentKey(c));
  }

  /** Forgets the cached index (the next lookup reads the catalog). */
  invalidate(): void {
    this.loadedAt = -Infinity;
  }

  private async current(): Promise<Map<string, string>> {
    if (this.index && this.now() - this.loadedAt < this.ttlMs)
      return this.index;
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async load(): Promise<Map<string, string>> {
    try {
      const credentials = await this.options.auth.getOwnServiceCredentials();
      const fields = [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ];
      // Both the current and the legacy namespace annotation come with the same component one.
      const { items } = await this.options.catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${OPENCHOREO_ANNOTATIONS.component}`]:
              CATALOG_FILTER_EXISTS,
          },
          fields,
        },
        { credentials },
      );
      const index = new Map<string, string>();
      for (const entity of items) {
        const claimed = claimedComponent(entity);
        if (!claimed) continue;
        const key = componentKey(claimed);
        const ref = stringifyEntityRef(entity);
        // Two entities claiming one component: the first in ref order wins, so the choice is stable.
        const existing = index.get(key);
        if (!existing || ref < existing) index.set(key, ref);
      }
      this.index = index;
      this.loadedAt = this.now();
      return index;
    } catch (error) {
      const message = isError(error) ? error.message : String(error);
      if (this.index) {
        this.options.logger.warn(
          `openchoreo-build: could not refresh the component → entity index from the catalog, keeping the previous one: ${message}`,
        );
        this.loadedAt = this.now();
        return this.index;
      }
      throw error;
    }
  }
}

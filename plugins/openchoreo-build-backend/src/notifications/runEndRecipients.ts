import type { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ComponentEntityIndex } from '../permissions/ComponentEntityIndex';

/** Who owns the component a run builds: a catalog entity ref, or undefined when none is known. */
export interface RunOwnerLookup {
  ownerOf(run: RunSummary): Promise<string | undefined>;
}

/**
 * The owner of the catalog entity that claims a run's component (the entity permissions are
 * decided on, see ComponentEntityIndex), as a full entity ref: `spec.owner` resolved the way the
 * catalog resolves it (kind `group`, the entity's namespace, when the ref leaves them out).
 */
export class CatalogRunOwners implements RunOwnerLookup {
  constructor(
    private readonly options: {
      entities: Pick<ComponentEntityIndex, 'entityRefOf'>;
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    },
  ) {}

  async ownerOf(run: RunSummary): Promise<string | undefined> {
    const entityRef = await this.options.entities.entityRefOf(run);
    if (!entityRef) return undefined;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    const owner = entity?.spec?.owner;
    if (typeof owner !== 'string' || owner.length === 0) return undefined;
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity?.metadata.namespace ?? 'default',
      }),
    );
  }
}

/**
 * Who hears that a run ended: the user who started it (a run a webhook started has none) and the
 * owner of its component, each once. Entity refs compare case-insensitively, as in the catalog;
 * the first spelling is kept. The notifications backend expands a group owner to its members.
 */
export function runEndRecipients(
  run: Pick<RunSummary, 'trigger'>,
  owner: string | undefined,
): string[] {
  const starter =
    run.trigger?.kind === 'user' ? run.trigger.userEntityRef : undefined;
  const recipients = new Map<string, string>();
  for (const ref of [starter, owner]) {
    if (ref && !recipients.has(ref.toLocaleLowerCase('en-US')))
      recipients.set(ref.toLocaleLowerCase('en-US'), ref);
  }
  return [...recipients.values()];
}

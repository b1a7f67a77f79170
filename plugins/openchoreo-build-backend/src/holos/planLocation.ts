import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  getEntitySourceLocation,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { HOLOS_BUILDPLANS_ANNOTATION } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * Where an entity's BuildPlans are, from its `holos.run/buildplans` annotation: an http(s) URL
 * read with Backstage's UrlReader, or (development) a local file read only under the configured
 * roots (`LocalPlanReader`).
 */
export type PlanLocation =
  | { type: 'url'; url: string }
  | { type: 'file'; path: string };

/** A scheme at the start of the annotation (`https:`, `file:`); Windows drive letters are paths. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/** What every refusal below starts with: which annotation of which entity. */
export function annotationContext(entity: Entity): string {
  return `${HOLOS_BUILDPLANS_ANNOTATION} of ${stringifyEntityRef(entity)}`;
}

function fromFileUrl(value: string, context: string): PlanLocation {
  try {
    return { type: 'file', path: fileURLToPath(value) };
  } catch {
    throw new InputError(
      `${context}: "${value.slice(
        0,
        200,
      )}" is not a valid file: URL (file:///absolute/path)`,
    );
  }
}

/**
 * Resolves the annotation: an absolute `http(s):` or `file:` URL as it is, a path against the
 * entity's source location (`backstage.io/source-location`, else `backstage.io/managed-by-location`,
 * as `getEntitySourceLocation` reads them) — a `url:` location through the SCM integrations (so
 * `/x.yaml` is the repository root's, as Backstage resolves `$text` references), a `file:`
 * location against the registered file's directory.
 */
export function resolvePlanLocation(
  entity: Entity,
  integrations: Pick<ScmIntegrationRegistry, 'resolveUrl'>,
): PlanLocation {
  const context = annotationContext(entity);
  const value =
    entity.metadata.annotations?.[HOLOS_BUILDPLANS_ANNOTATION]?.trim() ?? '';
  if (!value) {
    throw new InputError(
      `${context}: is empty; give a path relative to the entity's source location or an http(s) URL`,
    );
  }
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https')
    return { type: 'url', url: value };
  if (scheme === 'file') return fromFileUrl(value, context);
  if (scheme) {
    throw new InputError(
      `${context}: the scheme "${scheme.slice(
        0,
        20,
      )}:" cannot be read; give a path relative to the entity's source location or an http(s) URL`,
    );
  }

  let source: { type: string; target: string };
  try {
    source = getEntitySourceLocation(entity);
  } catch {
    throw new InputError(
      `${context}: "${value.slice(
        0,
        200,
      )}" is a relative path, but the entity has no source location (backstage.io/source-location or backstage.io/managed-by-location) to resolve it against; give an http(s) URL`,
    );
  }
  if (source.type === 'url') {
    return {
      type: 'url',
      url: integrations.resolveUrl({ url: value, base: source.target }),
    };
  }
  if (source.type === 'file') {
    // A source location ending in "/" is a directory; otherwise it is the registered file.
    const directory = /[\\/]$/.test(source.target)
      ? source.target
      : path.dirname(source.target);
    return { type: 'file', path: path.resolve(directory, value) };
  }
  throw new InputError(
    `${context}: "${value.slice(
      0,
      200,
    )}" is a relative path, but the entity's source location is of type "${source.type.slice(
      0,
      40,
    )}", which the portal cannot resolve it against (only url: and file:); give an http(s) URL`,
  );
}

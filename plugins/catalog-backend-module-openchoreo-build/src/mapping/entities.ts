import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  makeValidator,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  OPENCHOREO_ANNOTATIONS,
  type ApiGeneration,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { LIFECYCLE_PATTERN } from '../config/catalogConfig';
import type { ComponentObject, ProjectObject } from '../controlPlane/objects';
import {
  catalogTypeOf,
  componentTypeName,
  shapeGeneration,
  projectOf,
  repositoryUrlOf,
} from './componentFields';
import { resolveOwner, type OwnerSources } from './owners';

/** Annotations OpenChoreo writes on its objects (`internal/controller/annotations.go@v0.9.0`, `@v1.2.3`). */
export const OPENCHOREO_OBJECT_ANNOTATIONS = {
  displayName: 'openchoreo.dev/display-name',
  description: 'openchoreo.dev/description',
  /** Not OpenChoreo's: the provider's own, for a Component whose lifecycle differs from the configured one. */
  lifecycle: 'openchoreo.dev/lifecycle',
} as const;

const MAX_TITLE_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2000;
const validator = makeValidator();

/** What the entities are built from: one control plane's objects and settings. */
export interface EntityInputs {
  projects: readonly ProjectObject[];
  components: readonly ComponentObject[];
  /** The generation of an organization (`generationOfOrganization`); undefined: each Component's own shape. */
  generationOf: (namespace: string) => ApiGeneration | undefined;
  owners: OwnerSources;
  /** `spec.lifecycle` unless the Component's annotation says otherwise. */
  lifecycle: string;
  /** `openchoreo-build:<control plane URL>`: the entities' managed-by(-origin)-location. */
  location: string;
}

/** The entities, sorted by ref, and why objects were left out or read partly. */
export interface EntityOutputs {
  entities: Entity[];
  warnings: string[];
}

/** Display text from a cluster annotation: one line of plain text, bounded; undefined when empty. */
function displayText(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

function describe(annotations: Record<string, string> | undefined): {
  title?: string;
  description?: string;
} {
  const title = displayText(
    annotations?.[OPENCHOREO_OBJECT_ANNOTATIONS.displayName],
    MAX_TITLE_LENGTH,
  );
  const description = displayText(
    annotations?.[OPENCHOREO_OBJECT_ANNOTATIONS.description],
    MAX_DESCRIPTION_LENGTH,
  );
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
  };
}

/**
 * The catalog entities of a control plane's OpenChoreo objects:
 * - a `Domain` per organization (a namespace holding a Project or Component), `domain:<org>/<org>`;
 * - a `System` per Project, `system:<org>/<project>`, in its organization's domain;
 * - a `Component` per Component, `component:<org>/<component>`, part of its project's system, with
 *   the `openchoreo.io/*` annotations the Builds tab reads (`getOpenChoreoComponentRef`).
 * Objects whose names are not catalog entity names are left out with a warning.
 */
export function buildEntities(inputs: EntityInputs): EntityOutputs {
  const warnings: string[] = [];
  const entities: Entity[] = [];
  const organizations = new Set<string>();
  const projects = new Map<string, ProjectObject>();
  const managedBy = {
    [ANNOTATION_LOCATION]: inputs.location,
    [ANNOTATION_ORIGIN_LOCATION]: inputs.location,
  };

  const usable = (
    kind: string,
    object: ProjectObject | ComponentObject,
  ): { namespace: string; name: string } | undefined => {
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    if (
      !validator.isValidNamespace(namespace) ||
      !validator.isValidEntityName(name)
    ) {
      warnings.push(
        `${kind} ${namespace}/${name} skipped: "${namespace}/${name}" is not a valid catalog namespace/name (letters, digits, "-", "_", "." and at most 63 characters)`,
      );
      return undefined;
    }
    return { namespace, name };
  };
  const ownerWarning =
    (kind: string, namespace: string, name: string) =>
    ({ value }: { value: string }) =>
      warnings.push(
        `${kind} ${namespace}/${name}: owner "${value}" (${inputs.owners.ownerKey}) is not a group or user ref; using the next owner`,
      );

  for (const project of inputs.projects) {
    const id = usable('Project', project);
    if (!id) continue;
    organizations.add(id.namespace);
    projects.set(`${id.namespace}/${id.name}`, project);
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: id.name,
        namespace: id.namespace,
        ...describe(project.metadata?.annotations),
        annotations: {
          ...managedBy,
          [OPENCHOREO_ANNOTATIONS.namespace]: id.namespace,
          [OPENCHOREO_ANNOTATIONS.project]: id.name,
        },
      },
      spec: {
        owner: resolveOwner(
          inputs.owners,
          id.namespace,
          [project.metadata],
          ownerWarning('Project', id.namespace, id.name),
        ),
        domain: stringifyEntityRef({
          kind: 'domain',
          namespace: id.namespace,
          name: id.namespace,
        }),
      },
    });
  }

  for (const component of inputs.components) {
    const id = usable('Component', component);
    if (!id) continue;
    const project = projectOf(component);
    if (!project || !validator.isValidEntityName(project)) {
      warnings.push(
        `Component ${id.namespace}/${id.name} skipped: its project "${
          project ?? ''
        }" (spec.owner.projectName) is missing or not a valid catalog name`,
      );
      continue;
    }
    organizations.add(id.namespace);
    const annotations = component.metadata?.annotations;
    const generation = inputs.generationOf(id.namespace);
    const shape = shapeGeneration(component);
    if (generation && shape && shape !== generation) {
      // The portal builds the organization in its generation: builds of this Component will fail.
      warnings.push(
        `Component ${id.namespace}/${
          id.name
        } has the ${shape} shape but organization ${
          id.namespace
        } speaks ${generation} (${
          generation === 'v1' ? 'it has no BuildPlane' : 'it has a BuildPlane'
        }); it is read by its own shape`,
      );
    }
    const sourceLocation = repositoryUrlOf(component, generation);
    const lifecycleAnnotation =
      annotations?.[OPENCHOREO_OBJECT_ANNOTATIONS.lifecycle];
    let lifecycle = inputs.lifecycle;
    if (lifecycleAnnotation !== undefined) {
      if (LIFECYCLE_PATTERN.test(lifecycleAnnotation)) {
        lifecycle = lifecycleAnnotation;
      } else {
        warnings.push(
          `Component ${id.namespace}/${id.name}: lifecycle "${lifecycleAnnotation}" (${OPENCHOREO_OBJECT_ANNOTATIONS.lifecycle}) is not a word; using ${inputs.lifecycle}`,
        );
      }
    }
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: id.name,
        namespace: id.namespace,
        ...describe(annotations),
        annotations: {
          ...managedBy,
          ...(sourceLocation
            ? { [ANNOTATION_SOURCE_LOCATION]: `url:${sourceLocation}` }
            : {}),
          [OPENCHOREO_ANNOTATIONS.namespace]: id.namespace,
          [OPENCHOREO_ANNOTATIONS.project]: project,
          [OPENCHOREO_ANNOTATIONS.component]: id.name,
        },
      },
      spec: {
        type: catalogTypeOf(componentTypeName(component, generation)),
        lifecycle,
        owner: resolveOwner(
          inputs.owners,
          id.namespace,
          [
            component.metadata,
            projects.get(`${id.namespace}/${project}`)?.metadata,
          ],
          ownerWarning('Component', id.namespace, id.name),
        ),
        system: stringifyEntityRef({
          kind: 'system',
          namespace: id.namespace,
          name: project,
        }),
      },
    });
  }

  for (const organization of organizations) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Domain',
      metadata: {
        name: organization,
        namespace: organization,
        annotations: {
          ...managedBy,
          [OPENCHOREO_ANNOTATIONS.namespace]: organization,
        },
      },
      spec: {
        owner: resolveOwner(inputs.owners, organization, []),
      },
    });
  }

  const refs = new Map(entities.map(e => [e, stringifyEntityRef(e)]));
  entities.sort((a, b) => refs.get(a)!.localeCompare(refs.get(b)!));
  return { entities, warnings };
}

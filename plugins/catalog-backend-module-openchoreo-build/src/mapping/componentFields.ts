import {
  safeClusterLink,
  type ApiGeneration,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ComponentObject } from '../controlPlane/objects';

/** The label OpenChoreo puts the project name in (`internal/labels/labels.go@v0.9.0` and `@v1.2.3`). */
export const PROJECT_LABEL = 'openchoreo.dev/project';

/**
 * Catalog `spec.type` of OpenChoreo component types (the part after the workload type: `service`
 * of `deployment/service`). Types not listed pass through as that part, e.g. `cronjob/scheduled-task`
 * → `scheduled-task`.
 *
 * @public
 */
export const COMPONENT_TYPE_TO_CATALOG_TYPE: Readonly<Record<string, string>> =
  {
    service: 'service',
    'web-application': 'website',
  };

/**
 * The generation a Component's own shape shows: `spec.componentType` is a string up to v0.x
 * (`component_types.go@v0.9.0`) and `{kind, name}` in v1 (`component_types.go@v1.2.3`);
 * undefined when it has none.
 */
export function shapeGeneration(
  component: ComponentObject,
): ApiGeneration | undefined {
  const type = component.spec?.componentType;
  if (typeof type === 'string') return 'v0';
  if (typeof type === 'object' && type !== null) return 'v1';
  return undefined;
}

/**
 * The generation a Component is read in: what its shape shows (the API server accepted it in
 * that shape), else its organization's, else v0.
 */
function generationOf(
  component: ComponentObject,
  organization: ApiGeneration | undefined,
): ApiGeneration {
  return shapeGeneration(component) ?? organization ?? 'v0';
}

/** `deployment/service`: v0.9 `spec.componentType`, v1 `spec.componentType.name`. */
export function componentTypeName(
  component: ComponentObject,
  organization: ApiGeneration | undefined,
): string | undefined {
  const type = component.spec?.componentType;
  let name: unknown;
  if (generationOf(component, organization) === 'v1') {
    name = typeof type === 'object' ? type?.name : undefined;
  } else {
    name = type;
  }
  return typeof name === 'string' && name.trim() !== ''
    ? name.trim()
    : undefined;
}

/** The catalog `spec.type` of an OpenChoreo component type (`deployment/web-application` → `website`). */
export function catalogTypeOf(typeName: string | undefined): string {
  if (!typeName) return 'unknown';
  const slash = typeName.indexOf('/');
  const componentType = slash >= 0 ? typeName.slice(slash + 1) : typeName;
  if (componentType === '') return 'unknown';
  return COMPONENT_TYPE_TO_CATALOG_TYPE[componentType] ?? componentType;
}

/**
 * The project a Component belongs to: `spec.owner.projectName` (both generations), else the
 * `openchoreo.dev/project` label.
 */
export function projectOf(component: ComponentObject): string | undefined {
  const name =
    component.spec?.owner?.projectName ??
    component.metadata?.labels?.[PROJECT_LABEL];
  return typeof name === 'string' && name.trim() !== ''
    ? name.trim()
    : undefined;
}

/**
 * The Component's repository as a safe web link (`safeClusterLink`: http(s), no credentials), or
 * undefined. v0.9: `spec.workflow.systemParameters.repository.url`
 * (`api/v1alpha1/componentworkflowrun_types.go@v0.9.0`); v1: `spec.workflow.parameters.repository.url`,
 * where every v1.2.3 sample and default workflow keeps it (upstream finds the path through the
 * workflow schema's `x-openchoreo-component-parameter-repository-url`,
 * `internal/openchoreo-api/services/autobuild/webhook_processor.go@v1.2.3:195`; workflows that put
 * it elsewhere get no source location).
 */
export function repositoryUrlOf(
  component: ComponentObject,
  organization: ApiGeneration | undefined,
): string | undefined {
  const workflow = component.spec?.workflow;
  const url =
    generationOf(component, organization) === 'v1'
      ? workflow?.parameters?.repository?.url
      : workflow?.systemParameters?.repository?.url;
  return safeClusterLink(url);
}

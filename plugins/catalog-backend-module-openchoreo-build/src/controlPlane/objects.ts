import {
  organizationGeneration,
  type ApiGeneration,
  type KubernetesObject,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * The fields of OpenChoreo's control-plane objects the catalog provider reads, in both API
 * generations. Everything is optional: these objects are input written by whoever may edit them.
 */

/**
 * `openchoreo.dev/v1alpha1 Project`. v0.9: `spec.deploymentPipelineRef` is a name
 * (`api/v1alpha1/project_types.go@v0.9.0`); v1.2.3: `{kind, name}` plus a required `spec.type`
 * (`api/v1alpha1/project_types.go@v1.2.3`). The provider reads only metadata.
 */
export interface ProjectObject extends KubernetesObject {
  spec?: {
    deploymentPipelineRef?: string | { kind?: string; name?: string };
    type?: { kind?: string; name?: string };
  };
}

/** A repository as both generations' build parameters carry it; `url` is checked before use. */
export interface RepositoryValues {
  url?: unknown;
  revision?: { branch?: string; commit?: string };
  appPath?: string;
}

/**
 * `spec.workflow` of a v0.9 Component: a ComponentWorkflow name and the repository in
 * `systemParameters` (`api/v1alpha1/component_types.go@v0.9.0`).
 */
export interface ComponentWorkflowV09 {
  name?: string;
  systemParameters?: { repository?: RepositoryValues };
}

/**
 * `spec.workflow` of a v1.2.3 Component: a (Cluster)Workflow and free-form `parameters`
 * (`fixtures/reference/openchoreo/crds-v1.2.3/openchoreo.dev_components.yaml`).
 */
export interface ComponentWorkflowV1 {
  kind?: 'Workflow' | 'ClusterWorkflow' | string;
  name?: string;
  parameters?: { repository?: RepositoryValues } & Record<string, unknown>;
}

/**
 * `openchoreo.dev/v1alpha1 Component` of either generation:
 * - v0.9: `spec.componentType` is a string `deployment/service`, `spec.workflow` a
 *   {@link ComponentWorkflowV09};
 * - v1.2.3: `spec.componentType` is `{kind: ComponentType|ClusterComponentType, name}`,
 *   `spec.workflow` a {@link ComponentWorkflowV1}.
 */
export interface ComponentObject extends KubernetesObject {
  spec?: {
    owner?: { projectName?: string };
    componentType?: string | { kind?: string; name?: string };
    workflow?: ComponentWorkflowV09 & ComponentWorkflowV1;
  };
}

/**
 * Which build API generation each organization speaks, as the -common rule decides it
 * (`generationsServed` from API discovery, then `organizationGeneration`): with one generation
 * served, that one; with both (a control plane in transition), `v0` where the organization has a
 * BuildPlane and `v1` elsewhere. Not the Component CRD's shape: in a mixed control plane the CRD
 * is v0.9's while an organization such as `nova` holds v1 Components.
 */
export interface OrganizationGenerations {
  served: ApiGeneration[];
  /** Namespaces holding a BuildPlane (read only when both generations are served). */
  buildPlaneNamespaces: ReadonlySet<string>;
}

/** The generation of one organization; undefined when none is served (then each Component's own shape). */
export function generationOfOrganization(
  generations: OrganizationGenerations | undefined,
  namespace: string,
): ApiGeneration | undefined {
  if (!generations) return undefined;
  return organizationGeneration(generations.served, {
    hasBuildPlane: generations.buildPlaneNamespaces.has(namespace),
  });
}

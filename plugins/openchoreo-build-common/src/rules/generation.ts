/**
 * Which generation of OpenChoreo's build API a control plane (or one organization of it) speaks:
 * - `v0`: BuildPlane / ComponentWorkflow / ComponentWorkflowRun (v0.9–v0.16 shape; v0.17 removed
 *   ComponentWorkflow and ComponentWorkflowRun);
 * - `v1`: WorkflowPlane + ClusterWorkflowPlane / Workflow + ClusterWorkflow / WorkflowRun
 *   (v1.0.0–v1.2.3; the CRD schemas are identical across v1.x).
 *
 * @public
 */
export type ApiGeneration = 'v0' | 'v1';

/**
 * The resource names (plurals) that tell the generations apart in the discovery document of
 * `openchoreo.dev/v1alpha1`. `workflows`/`workflowruns` alone say nothing: v0.9 also served a
 * generic Workflow/WorkflowRun pair (`config/crd/bases@v0.9.0`), so v1 is recognised by its planes.
 *
 * @public
 */
export const GENERATION_MARKERS: Readonly<Record<ApiGeneration, string[]>> = {
  v0: ['componentworkflowruns', 'componentworkflows', 'buildplanes'],
  v1: ['workflowplanes', 'clusterworkflowplanes'],
};

/** The generations a control plane serves, read from its `openchoreo.dev/v1alpha1` resource names. @public */
export function generationsServed(
  resourceNames: Iterable<string>,
): ApiGeneration[] {
  const names = new Set(resourceNames);
  const served: ApiGeneration[] = [];
  if (names.has('componentworkflowruns')) served.push('v0');
  if (
    GENERATION_MARKERS.v1.some(name => names.has(name)) &&
    names.has('workflowruns')
  )
    served.push('v1');
  return served;
}

/**
 * The generation of one organization (namespace). With one generation served the answer is that
 * generation. With both (a control plane in transition), an organization that has a BuildPlane
 * builds with v0 and every other one with v1 (the current API): a v1 organization has no
 * BuildPlane, since v1.x has no such kind. `undefined` when neither generation is served.
 *
 * @public
 */
export function organizationGeneration(
  served: readonly ApiGeneration[],
  organization: { hasBuildPlane: boolean },
): ApiGeneration | undefined {
  if (served.length === 0) return undefined;
  if (served.length === 1) return served[0];
  return organization.hasBuildPlane ? 'v0' : 'v1';
}

/** Where a v1 WorkflowRun's Argo Workflow runs (`internal/pipeline/workflow/pipeline.go@v1.2.3:211`). @public */
export function workflowsNamespaceFor(organization: string): string {
  return `workflows-${organization}`;
}

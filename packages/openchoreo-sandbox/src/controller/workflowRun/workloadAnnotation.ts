/** The annotations `generate-workload-cr` writes on its WorkflowRun through openchoreo-api. */
export const ANNOTATION_WORKLOAD = 'openchoreo.dev/workload';
export const ANNOTATION_WORKLOAD_FROM_SOURCE =
  'openchoreo.dev/workload-from-source';

/** Who a generated Workload belongs to and what it runs. */
export interface WorkloadOwnerImage {
  namespace: string;
  project: string;
  component: string;
  image: string;
}

/**
 * The Workload JSON `generate-workload-cr` POSTs and then stores in the run's
 * `openchoreo.dev/workload` annotation, byte for byte:
 * - `occ workload create` without a descriptor builds it with `CreateBasicWorkload`
 *   (`internal/occ/resources/workload/converter.go@v1.2.3:495-509`): name `<component>-workload`,
 *   the namespace, `spec.owner` and `spec.container.image` (`createBaseWorkload`, :196-220);
 * - `ConvertWorkloadCRToYAML` (:512-544) marshals it with sigs.k8s.io/yaml, whose `JSONToYAML`
 *   round-trips through a Go map, so every object's keys come out sorted (`container` before
 *   `owner`, `componentName` before `projectName`) whatever the struct order;
 * - the template then runs `yq -o=json 'del(.apiVersion) | del(.kind)'` and `jq -c '.'`
 *   (`samples/getting-started/workflow-templates/generate-workload.yaml@v1.2.3:128-131`):
 *   no apiVersion/kind, compact, key order kept.
 */
export function workloadPayload(workload: WorkloadOwnerImage): string {
  return JSON.stringify({
    metadata: {
      name: `${workload.component}-workload`,
      namespace: workload.namespace,
    },
    spec: {
      container: { image: workload.image },
      owner: {
        componentName: workload.component,
        projectName: workload.project,
      },
    },
  });
}

/**
 * The annotations step 5 of `generate-workload-cr` PUTs on the run once the Workload exists
 * (`samples/getting-started/workflow-templates/generate-workload.yaml@v1.2.3:245-255`): the
 * payload (jq's `rtrimstr("\n")` drops the file's trailing newline) and
 * `openchoreo.dev/workload-from-source`, `"false"` because the sandbox's sources carry no
 * `workload.yaml` descriptor. Nothing in v1.2.3 writes `openchoreo.dev/image` or
 * `openchoreo.dev/commit`: the portal reads the image from the payload's `spec.container.image`.
 */
export function workloadRunAnnotations(
  workload: WorkloadOwnerImage,
): Record<string, string> {
  return {
    [ANNOTATION_WORKLOAD]: workloadPayload(workload),
    [ANNOTATION_WORKLOAD_FROM_SOURCE]: 'false',
  };
}

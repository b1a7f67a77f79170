import type { RunWorkflowConfig } from './runs';
import type { ApiGeneration } from '../rules/generation';

/**
 * `GET /components/:ns/:project/:component`: an OpenChoreo Component as the Start build dialog
 * needs it. `workflow` is the Component's `spec.workflow`, the defaults `POST /runs` applies.
 *
 * @public
 */
export interface ComponentDetail {
  /** The org (Kubernetes namespace). */
  namespace: string;
  /** `spec.owner.projectName`. */
  project: string;
  name: string;
  generation: ApiGeneration;
  /** Annotation `openchoreo.dev/display-name`. */
  displayName?: string;
  /** Annotation `openchoreo.dev/description`. */
  description?: string;
  /** `spec.componentType` (v1: its `name`), e.g. `deployment/service`. */
  componentType?: string;
  /**
   * `spec.workflow`: the ComponentWorkflow and the values a new run starts from. Absent when the
   * Component names no workflow: a run then needs an explicit `workflow` and repository values.
   */
  workflow?: RunWorkflowConfig;
  /** `spec.autoBuild` (OpenChoreo v0.10+); absent when the Component does not carry the field. */
  autoBuild?: boolean;
}

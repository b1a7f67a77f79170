import {
  findRepositoryFields,
  type RepositoryFieldPaths,
  type WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { SAMPLE_REPOSITORY_PATHS } from './buildRun';

/** How long a Workflow's marked repository fields are reused before the Workflow is read again. */
const PATHS_TTL_MS = 60_000;

/**
 * The repository fields a v1 (Cluster)Workflow marks in its `parameters.openAPIV3Schema`
 * (`findRepositoryFields`), read once a minute per Workflow and shared by every run that names
 * it. A Workflow that is gone, unreadable or marks nothing gives the upstream samples' paths, so a
 * run's summary still says what it built.
 */
export class RepositoryPathResolver {
  private readonly cache = new Map<
    string,
    { at: number; paths: Promise<RepositoryFieldPaths> }
  >();

  constructor(
    private readonly controlPlane: Pick<ControlPlaneV1, 'findWorkflow'>,
    private readonly now: () => number = Date.now,
  ) {}

  pathsFor(
    namespace: string,
    workflow: { kind: WorkflowKind; name: string } | undefined,
  ): Promise<RepositoryFieldPaths> {
    if (!workflow) return Promise.resolve(SAMPLE_REPOSITORY_PATHS);
    const key =
      workflow.kind === 'ClusterWorkflow'
        ? `ClusterWorkflow/${workflow.name}`
        : `Workflow/${namespace}/${workflow.name}`;
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.at < PATHS_TTL_MS) return cached.paths;
    const paths = this.controlPlane
      .findWorkflow(workflow.kind, namespace, workflow.name)
      .then(found => {
        const marked = findRepositoryFields(
          found?.spec?.parameters?.openAPIV3Schema,
        ).paths;
        return Object.keys(marked).length > 0
          ? marked
          : SAMPLE_REPOSITORY_PATHS;
      })
      .catch(() => {
        // Not remembered: the next run asks again.
        this.cache.delete(key);
        return SAMPLE_REPOSITORY_PATHS;
      });
    this.cache.set(key, { at: this.now(), paths });
    if (this.cache.size > 500) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return paths;
  }
}

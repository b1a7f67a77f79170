import { randomBytes } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  workflowRunManifest,
  type ComponentWorkflowRun,
  type RunSummary,
  type WorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunInformers } from '../informer/RunInformers';
import { CREATED_BY_ANNOTATION } from './buildRun';
import type { RunReader } from './RunReader';
import { toRunSummary } from './runModel';
import type { PreparedWorkflowRun } from './workflowRunRequest';

/**
 * `<component>-run-<8 hex>`, the base cut so the name stays within 63 characters, as v1.2.3's API
 * names WorkflowRuns (`generateWorkflowRunName`,
 * `internal/openchoreo-api/services/workflowrun/service.go@v1.2.3:971`).
 */
export function newWorkflowRunName(component: string): string {
  const suffix = randomBytes(4).toString('hex');
  const base = component.slice(0, 63 - '-run-'.length - suffix.length);
  return `${base}-run-${suffix}`;
}

/** Labels and annotations a caller adds to a new run. */
export interface RunMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The portal's labels and created-by annotation over a caller's extras (the portal's win). */
export function runMetadata(
  own: Record<string, string>,
  createdBy: string | undefined,
  extra: RunMetadata | undefined,
): { labels: Record<string, string>; annotations?: Record<string, string> } {
  const annotations = {
    ...extra?.annotations,
    ...(createdBy ? { [CREATED_BY_ANNOTATION]: createdBy } : {}),
  };
  return {
    labels: { ...extra?.labels, ...own },
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
  };
}

/**
 * A run object as `-common` builds it (the one the Start build form previews: name, namespace,
 * component labels, spec), with what only the backend adds: the caller's extra labels and
 * annotations and the created-by annotation.
 */
export function withRunMetadata<T extends ComponentWorkflowRun | WorkflowRun>(
  manifest: T,
  createdBy: string | undefined,
  extra: RunMetadata | undefined,
): T {
  const { labels, annotations } = runMetadata(
    manifest.metadata?.labels ?? {},
    createdBy,
    extra,
  );
  return {
    ...manifest,
    metadata: { ...manifest.metadata, labels, annotations },
  };
}

/** Writes v1 WorkflowRuns: a checked request ({@link PreparedWorkflowRun}) or a re-run. */
export class WorkflowRunWriter {
  constructor(
    private readonly runs: RunReader,
    private readonly informers: Pick<RunInformers, 'observeCreated'>,
  ) {}

  /** A v1 re-run: the previous run's `spec.workflow` and component labels, as they were. */
  async rerun(
    namespace: string,
    name: string,
    createdBy?: string,
  ): Promise<RunSummary> {
    const previous = await this.runs.get(namespace, name);
    const workflow = previous.workflowSpec;
    if (!previous.project || !previous.component || !workflow?.name) {
      throw new ConflictError(
        `Run ${namespace}/${name} has no component labels or workflow to re-run`,
      );
    }
    return this.create(
      namespace,
      {
        project: previous.project,
        component: previous.component,
        workflow: {
          kind:
            previous.workflow?.kind === 'Workflow'
              ? 'Workflow'
              : 'ClusterWorkflow',
          name: workflow.name,
          parameters: structuredClone(workflow.parameters ?? {}),
        },
      },
      createdBy,
    );
  }

  /**
   * Creates a v1 WorkflowRun as v1.2.3's API does (`service.go@v1.2.3`: the two component labels,
   * `spec.workflow{kind,name,parameters}`), plus the portal's created-by annotation.
   */
  async create(
    namespace: string,
    prepared: PreparedWorkflowRun,
    createdBy?: string,
    extra?: RunMetadata,
  ): Promise<RunSummary> {
    const v1 = this.runs.v1;
    if (!v1) throw new Error('WorkflowRunWriter needs the v1 adapter');
    for (let attempt = 0; ; attempt += 1) {
      try {
        const body = withRunMetadata(
          workflowRunManifest(
            {
              namespace,
              project: prepared.project,
              component: prepared.component,
            },
            prepared.workflow,
            newWorkflowRunName(prepared.component),
          ),
          createdBy,
          extra,
        );
        const created = await v1.controlPlane.createRun(namespace, body);
        const run = await this.runs.fromWorkflowRun(created);
        this.informers.observeCreated(run);
        return toRunSummary(run);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 1) throw error;
      }
    }
  }
}

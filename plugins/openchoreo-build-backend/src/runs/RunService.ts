import { randomBytes } from 'node:crypto';
import {
  ConflictError,
  InputError,
  isError,
  NotFoundError,
} from '@backstage/errors';
import {
  componentWorkflowRunManifest,
  componentWorkflowRunValues,
  isTerminalRunStatus,
  runKey,
  WORKFLOW_RUN_LABELS,
  type CancelRunResponse,
  type ComponentWorkflowRunConfig,
  type CreateRunRequest,
  type JsonValue,
  type RunDetail,
  type RunFilter,
  type RunListResponse,
  type RunSummary,
  type SystemParametersValues,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { RunDiagnostics } from '../diagnosis/RunDiagnostics';
import type { RunInformers } from '../informer/RunInformers';
import type { ComponentCoordinates } from '../permissions/ComponentEntityIndex';
import {
  argoNameOf,
  argoNamespaceOf,
  CREATED_BY_ANNOTATION,
  fromComponentWorkflowRun,
  type BuildRun,
} from './buildRun';
import { ComponentVisibility } from './componentVisibility';
import { decodeCursor, pageRuns } from './runPaging';
import { connectorOfRun } from './runPlane';
import { RunReader } from './RunReader';
import {
  MAX_LIST_LIMIT,
  type RunRecordStore,
} from '../runRecords/RunRecordStore';
import type { ArchivedRunSteps, RunArchiveService } from './RunArchiveService';
import { toRunDetail, toRunSummary, type ExecutionLookup } from './runModel';
import { validateRunValues } from './runValidation';
import { WorkflowRunRequests } from './workflowRunRequest';
import {
  withRunMetadata,
  WorkflowRunWriter,
  type RunMetadata,
} from './WorkflowRunWriter';

export { newWorkflowRunName, type RunMetadata } from './WorkflowRunWriter';

/** Labels the portal adds to runs it creates (OpenChoreo itself sets none). */
export const RUN_LABELS = {
  project: WORKFLOW_RUN_LABELS.project,
  component: WORKFLOW_RUN_LABELS.component,
  createdBy: CREATED_BY_ANNOTATION,
} as const;

/** `<component>-workflow-<8 hex>`, the name OpenChoreo's v0.x API gives runs. */
export function newRunName(component: string): string {
  return `${component}-workflow-${randomBytes(4).toString('hex')}`;
}

/**
 * Runs: listing, detail with steps, start, re-run and cancel, for v0 organizations
 * (ComponentWorkflowRuns) and, given a {@link RunReader} with a v1 adapter, v1 ones (WorkflowRuns).
 * Each call asks the organization's generation once.
 */
export class RunService {
  private readonly runs: RunReader;
  private readonly v1Requests?: WorkflowRunRequests;
  private readonly v1Writer?: WorkflowRunWriter;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    /** The per-org run informers: `list` answers from them, created runs join them at once. */
    private readonly informers: RunInformers,
    /** Rebuilds the steps of expired runs from the observer archive; without it they have none. */
    private readonly archive?: RunArchiveService,
    /** Explains stuck and failed runs (`RunDetail.diagnosis`); without it the list stays empty. */
    private readonly diagnostics?: RunDiagnostics,
    /** Reads each org's runs in its generation; without it, every org is v0. */
    runs?: RunReader,
    /** The portal's run record: runs the control plane deleted join the list from it. */
    private readonly records?: Pick<RunRecordStore, 'listDeleted'>,
  ) {
    this.runs = runs ?? new RunReader(controlPlane);
    if (this.runs.v1) {
      this.v1Requests = new WorkflowRunRequests(this.runs.v1.controlPlane);
      this.v1Writer = new WorkflowRunWriter(this.runs, informers);
    }
  }

  /**
   * Runs of the given orgs, newest first (creation time, then name), from the shared per-org
   * informers, filtered, one keyset page at a time (the cursor is the last run returned).
   */
  async list(options: {
    namespaces: string[];
    filter: RunFilter;
    limit: number;
    cursor?: string;
    /**
     * Which runs the caller may see, decided once for the runs that match the filter (one
     * representative per component is enough for a component-scoped permission).
     */
    readable?: (
      candidates: RunSummary[],
    ) => Promise<(run: RunSummary) => boolean>;
  }): Promise<RunListResponse> {
    const { filter, limit, namespaces } = options;
    let after = options.cursor ? decodeCursor(options.cursor) : undefined;
    const live: Array<readonly RunSummary[]> = await Promise.all(
      namespaces.map(namespace => this.informers.runs(namespace)),
    );
    const visibility = options.readable
      ? new ComponentVisibility(filter, options.readable)
      : undefined;
    if (visibility) {
      // The components the page may draw from: the informers keep one run of each (walking
      // every run here cost ~100 ms per page at 100,000 runs).
      await visibility.learn(
        namespaces.flatMap(namespace =>
          this.informers.componentRuns(namespace),
        ),
      );
    }
    // Runs the control plane deleted, read from the record in batches in the same order: a full
    // batch may go on, so a page never lists past its last run (`pageRuns`' `cut`) and reads the
    // next batch when it stops there (some deleted runs may be ones the caller cannot read).
    const items: RunSummary[] = [];
    for (;;) {
      const sources = [...live];
      const cut = new Set<number>();
      if (this.records && namespaces.length > 0) {
        const requested = Math.min(limit - items.length + 1, MAX_LIST_LIMIT);
        const deleted = await this.records.listDeleted({
          namespaces,
          filter,
          limit: requested,
          after,
        });
        await visibility?.learn(deleted);
        if (deleted.length === requested) cut.add(sources.length);
        sources.push(deleted);
      }
      const page = pageRuns({
        sources,
        filter,
        limit: limit - items.length,
        after,
        visible: visibility?.visible,
        cut,
      });
      items.push(...page.items);
      if (!page.stoppedAfter) return { items, nextCursor: page.nextCursor };
      after = runKey(page.stoppedAfter);
    }
  }

  /**
   * The component a run builds (v0 `spec.owner`, v1 the labels), for permission checks before
   * anything about the run is answered; NotFoundError when the run does not exist.
   */
  async ownerOf(
    namespace: string,
    name: string,
  ): Promise<ComponentCoordinates> {
    const run = await this.runs.get(namespace, name);
    return { namespace, project: run.project, component: run.component };
  }

  async get(namespace: string, name: string): Promise<RunDetail> {
    const run = await this.runs.get(namespace, name);
    const lookup = await this.lookupExecution(run);
    const detail = toRunDetail(
      run,
      lookup,
      await this.archivedSteps(run, lookup),
    );
    if (this.diagnostics)
      detail.diagnosis = await this.diagnostics.diagnose(run, detail);
    return detail;
  }

  /**
   * Steps from the observer archive, only for a finished run whose Workflow is gone (TTL) and that
   * has no `status.tasks` (v0.9 runs): nothing else says what ran. A failure becomes a note.
   */
  private async archivedSteps(
    run: BuildRun,
    lookup: ExecutionLookup,
  ): Promise<ArchivedRunSteps | { error: string } | undefined> {
    if (
      !this.archive ||
      run.generation !== 'v0' ||
      lookup.kind !== 'missing' ||
      !isTerminalRunStatus(toRunSummary(run).status) ||
      run.tasks.length > 0
    )
      return undefined;
    try {
      return await this.archive.stepsOf(run);
    } catch (error) {
      return { error: isError(error) ? error.message : String(error) };
    }
  }

  /**
   * Finds the run's Argo Workflow through its plane (v0: the org's BuildPlane; v1: the plane its
   * Workflow names); failures become a note, not an error.
   */
  private async lookupExecution(run: BuildRun): Promise<ExecutionLookup> {
    if (
      !run.runReference &&
      toRunSummary(run).status === 'Pending' &&
      run.conditions.length === 0
    ) {
      return { kind: 'none' };
    }
    let buildPlane:
      | { namespace: string; name: string; mode: string }
      | undefined;
    try {
      const connector = await connectorOfRun(this.registry, run);
      buildPlane = {
        namespace: connector.namespace,
        name: connector.name,
        mode: connector.mode,
      };
      const workflow = await connector.findWorkflow(
        argoNamespaceOf(run),
        argoNameOf(run),
      );
      return workflow
        ? { kind: 'found', workflow, buildPlane }
        : { kind: 'missing', buildPlane };
    } catch (error) {
      return {
        kind: 'error',
        message: isError(error) ? error.message : String(error),
        buildPlane,
      };
    }
  }

  /**
   * Starts a run. `extra` labels and annotations go on the new run beside the portal's own (a
   * webhook's delivery marks); they cannot replace the component labels or created-by.
   */
  async create(
    request: CreateRunRequest,
    createdBy?: string,
    extra?: RunMetadata,
  ): Promise<RunSummary> {
    if (
      this.v1Requests &&
      (await this.runs.generationOf(request.namespace)) === 'v1'
    )
      return this.v1Writer!.create(
        request.namespace,
        await this.v1Requests.prepare(request),
        createdBy,
        extra,
      );
    const { namespace, project, component: componentName } = request;
    const component = await this.controlPlane
      .getComponent(namespace, componentName)
      .catch(error => {
        throw error instanceof NotFoundError
          ? new InputError(
              `component: Component ${namespace}/${componentName} does not exist`,
            )
          : error;
      });
    const owner = component.spec?.owner?.projectName;
    if (owner && owner !== project) {
      throw new InputError(
        `project: component ${componentName} belongs to project ${owner}, not ${project}`,
      );
    }
    const defaults = component.spec?.workflow;
    const workflowName = request.workflow ?? defaults?.name;
    if (!workflowName) {
      throw new InputError(
        `workflow: component ${componentName} names no workflow (spec.workflow); give one`,
      );
    }
    const workflow = await this.controlPlane
      .getComponentWorkflow(namespace, workflowName)
      .catch(error => {
        throw error instanceof NotFoundError
          ? new InputError(
              `workflow: ComponentWorkflow ${namespace}/${workflowName} does not exist`,
            )
          : error;
      });
    // The Component's values with the request over them: the definition the Start build form's
    // check and preview use too.
    const { systemParameters, parameters } = componentWorkflowRunValues(
      defaults,
      { ...request, workflow: workflowName },
    );
    // Compiled once per workflow version (bounded cache), checked for shell syntax, then the schema.
    validateRunValues(workflow, systemParameters, parameters);

    return this.createRun(
      namespace,
      {
        owner: { projectName: project, componentName },
        workflow: {
          name: workflowName,
          systemParameters:
            systemParameters as unknown as SystemParametersValues,
          parameters: parameters as { [key: string]: JsonValue },
        },
      },
      createdBy,
      extra,
    );
  }

  async rerun(
    namespace: string,
    name: string,
    createdBy?: string,
  ): Promise<RunSummary> {
    if ((await this.runs.generationOf(namespace)) === 'v1')
      return this.v1Writer!.rerun(namespace, name, createdBy);
    const previous = await this.controlPlane.getRun(namespace, name);
    const owner = previous.spec?.owner;
    if (!owner?.componentName || !previous.spec?.workflow) {
      throw new ConflictError(
        `Run ${namespace}/${name} has no owner or workflow to re-run`,
      );
    }
    return this.createRun(
      namespace,
      { owner, workflow: structuredClone(previous.spec.workflow) },
      createdBy,
    );
  }

  private async createRun(
    namespace: string,
    spec: {
      owner?: { projectName?: string; componentName?: string };
      workflow: ComponentWorkflowRunConfig;
    },
    createdBy?: string,
    extra?: RunMetadata,
  ): Promise<RunSummary> {
    const component = spec.owner?.componentName ?? 'run';
    const owner = {
      namespace,
      project: spec.owner?.projectName ?? '',
      component,
    };
    // A name clash of 8 random hex digits is unlikely; one retry makes it negligible.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const created = await this.controlPlane.createRun(
          namespace,
          withRunMetadata(
            componentWorkflowRunManifest(
              owner,
              spec.workflow,
              newRunName(component),
            ),
            createdBy,
            extra,
          ),
        );
        const run = fromComponentWorkflowRun(created);
        this.informers.observeCreated(run);
        return toRunSummary(run);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 1) throw error;
      }
    }
  }

  async cancel(namespace: string, name: string): Promise<CancelRunResponse> {
    const run = await this.runs.get(namespace, name);
    const summary = toRunSummary(run);
    if (isTerminalRunStatus(summary.status)) {
      throw new ConflictError(
        `Run ${namespace}/${name} has already finished (${summary.status})`,
      );
    }
    const connector = await connectorOfRun(this.registry, run);
    const workflowNamespace = argoNamespaceOf(run);
    const workflowName = argoNameOf(run);
    const workflow = await connector.findWorkflow(
      workflowNamespace,
      workflowName,
    );
    if (!workflow) {
      throw new ConflictError(
        `Run ${namespace}/${name} has no Argo Workflow in ${connector.label} yet; try again once it has started`,
      );
    }
    if (workflow.spec?.shutdown !== 'Terminate') {
      await connector.terminateWorkflow(workflowNamespace, workflowName);
    }
    return {
      run: summary,
      workflow: {
        name: workflowName,
        namespace: workflowNamespace,
        buildPlane: `${connector.namespace}/${connector.name}`,
      },
    };
  }
}

import { InputError } from '@backstage/errors';
import type {
  ArgoWorkflowTemplate,
  ArgoWorkflowTemplateSpec,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import { noObserverError } from '../buildplane/observerTarget';
import type { LimitsConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import { scanRunArchive, type RunArchiveSource } from '../logs/runArchive';
import {
  declaredStepsOf,
  stepsFromArchive,
  type ArchiveSteps,
  type DeclaredSteps,
} from './archiveSteps';
import { argoNameOf, argoNamespaceOf, type BuildRun } from './buildRun';
import { LruCache } from './lruCache';
import { toRunSummary } from './runModel';
import { planeOfRun } from './runPlane';
import { RunReader } from './RunReader';

/** An expired run's steps as its archive shows them. */
export interface ArchivedRunSteps extends ArchiveSteps {
  /** The archive was longer than `limits.archiveEntries`: later pods may be missing. */
  truncated: boolean;
}

/** How long a rebuilt step list is reused (the observer may still be ingesting the last lines). */
const DEFAULT_CACHE_MS = 60_000;
const CACHE_CAPACITY = 200;

/**
 * The archive of runs whose Argo Workflow is gone (TTL): where it is (the org's observer), and the
 * steps rebuilt from it (see {@link stepsFromArchive}), cached per run for a minute.
 */
export class RunArchiveService {
  private readonly cache = new LruCache<
    string,
    { at: number; steps: Promise<ArchivedRunSteps> }
  >(CACHE_CAPACITY);

  private readonly runs: RunReader;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    private readonly options: {
      /** Reads each org's runs in its generation; without it, v0 runs through `controlPlane`. */
      runs?: RunReader;
      timeoutMs: number;
      limits: Pick<LimitsConfig, 'archiveEntries' | 'observerResponseBytes'>;
      /** Entries per observer request (tests); at most 10 000. */
      pageSize?: number;
      cacheMs?: number;
    },
  ) {
    this.runs = options.runs ?? new RunReader(controlPlane);
  }

  /** Where the run's archive is; ServiceUnavailableError when its plane has no usable observer. */
  async sourceOf(
    run: BuildRun,
  ): Promise<RunArchiveSource & { connector: BuildPlaneConnector }> {
    const { connector, observerPlane } = await planeOfRun(this.registry, run);
    const resolution = await this.registry.resolveObserver(observerPlane);
    if (!resolution.target) {
      throw noObserverError(
        `The archived logs of run ${run.namespace}/${run.name}`,
        connector.label,
        resolution,
      );
    }
    return {
      observer: resolution.target,
      connector,
      workflowName: argoNameOf(run),
      since: run.createdAt,
      timeoutMs: this.options.timeoutMs,
      maxResponseBytes: this.options.limits.observerResponseBytes,
      pageSize: this.options.pageSize,
      maxEntries: this.options.limits.archiveEntries,
    };
  }

  /** A run with where its archive is and its archived steps (NotFoundError for an unknown run). */
  async open(
    namespace: string,
    name: string,
  ): Promise<{
    run: BuildRun;
    source: RunArchiveSource;
    archived: ArchivedRunSteps;
  }> {
    const run = await this.runs.get(namespace, name);
    if (run.generation !== 'v0') {
      // v1 steps come from `status.tasks` and their logs are read per step (by task and time
      // window); a whole-run log would need pod attribution the v1 observer does not answer.
      throw new InputError(
        `Run ${namespace}/${name} is a v1 WorkflowRun: it has no whole-run log; read each step's log at GET /runs/${namespace}/${name}/steps/:step/logs`,
      );
    }
    const [source, archived] = await Promise.all([
      this.sourceOf(run),
      this.stepsOf(run),
    ]);
    return { run, source, archived };
  }

  /** The run's steps rebuilt from its archive (cached per run). */
  stepsOf(run: BuildRun): Promise<ArchivedRunSteps> {
    const key = `${run.namespace}/${run.name}/${run.uid}`;
    const cached = this.cache.get(key);
    const maxAge = this.options.cacheMs ?? DEFAULT_CACHE_MS;
    if (cached && Date.now() - cached.at < maxAge) return cached.steps;
    const steps = this.rebuild(run);
    const entry = { at: Date.now(), steps };
    this.cache.set(key, entry);
    // A failure is not reused: the entry turns stale at once.
    steps.catch(() => {
      entry.at = Number.NEGATIVE_INFINITY;
    });
    return steps;
  }

  private async rebuild(run: BuildRun): Promise<ArchivedRunSteps> {
    const source = await this.sourceOf(run);
    const [scan, declared] = await Promise.all([
      scanRunArchive(source),
      this.declaredSteps(run, source.connector),
    ]);
    return {
      ...stepsFromArchive(
        scan,
        declared,
        toRunSummary(run).status,
        source.workflowName,
      ),
      truncated: scan.truncated,
    };
  }

  /**
   * The steps the run's template declares: the ComponentWorkflow's `spec.runTemplate` inline, or
   * the (Cluster)WorkflowTemplate its `workflowTemplateRef` names on the build plane (the v0.9
   * agent may read `clusterworkflowtemplates`:
   * `install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0`).
   * Undefined when they cannot be read: the steps are then listed unnamed.
   */
  private async declaredSteps(
    run: BuildRun,
    connector: BuildPlaneConnector,
  ): Promise<DeclaredSteps | undefined> {
    const namespace = run.namespace;
    const workflowName = run.workflow?.name;
    // v1 runs carry their steps in `status.tasks`; only v0 rebuilds them from the template.
    if (!workflowName || run.generation !== 'v0') return undefined;
    try {
      const workflow = await this.controlPlane.getComponentWorkflow(
        namespace,
        workflowName,
      );
      const runSpec = workflow.spec?.runTemplate?.spec as
        | ArgoWorkflowTemplateSpec
        | undefined;
      const own = declaredStepsOf(runSpec);
      if (own) return own;
      const ref = runSpec?.workflowTemplateRef;
      if (!ref?.name) return undefined;
      const template = ref.clusterScope
        ? await connector.kubernetes.findClusterScoped<ArgoWorkflowTemplate>(
            RESOURCE_TYPES.clusterWorkflowTemplate,
            ref.name,
          )
        : await connector.kubernetes.find<ArgoWorkflowTemplate>(
            RESOURCE_TYPES.workflowTemplate,
            argoNamespaceOf(run),
            ref.name,
          );
      return declaredStepsOf(
        template?.spec,
        runSpec?.entrypoint ?? template?.spec?.entrypoint,
      );
    } catch {
      // Not readable (deleted ComponentWorkflow, no RBAC for templates): unnamed steps.
      return undefined;
    }
  }
}

import type {
  ArgoWorkflowTemplate,
  ArgoWorkflowTemplateSpec,
  ComponentWorkflowRun,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneConnector } from '../buildplane/BuildPlaneConnector';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import { noObserverError } from '../buildplane/observerTarget';
import type { LimitsConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ciNamespaceFor, RESOURCE_TYPES } from '../controlplane/resourceTypes';
import { scanRunArchive, type RunArchiveSource } from '../logs/runArchive';
import {
  declaredStepsOf,
  stepsFromArchive,
  type ArchiveSteps,
  type DeclaredSteps,
} from './archiveSteps';
import { LruCache } from './lruCache';
import { toRunSummary } from './runModel';

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

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    private readonly options: {
      timeoutMs: number;
      limits: Pick<LimitsConfig, 'archiveEntries' | 'observerResponseBytes'>;
      /** Entries per observer request (tests); at most 10 000. */
      pageSize?: number;
      cacheMs?: number;
    },
  ) {}

  /** Where the run's archive is; ServiceUnavailableError when its plane has no usable observer. */
  async sourceOf(
    run: ComponentWorkflowRun,
  ): Promise<RunArchiveSource & { connector: BuildPlaneConnector }> {
    const namespace = run.metadata?.namespace ?? '';
    const plane = await this.registry.activeBuildPlane(namespace);
    const resolution = await this.registry.resolveObserver(plane);
    const connector = await this.registry.connectorFor(plane);
    if (!resolution.target) {
      throw noObserverError(
        `The archived logs of run ${namespace}/${run.metadata?.name}`,
        connector.label,
        resolution,
      );
    }
    return {
      observer: resolution.target,
      connector,
      workflowName: run.status?.runReference?.name || run.metadata?.name || '',
      since: run.metadata?.creationTimestamp,
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
    run: ComponentWorkflowRun;
    source: RunArchiveSource;
    archived: ArchivedRunSteps;
  }> {
    const run = await this.controlPlane.getRun(namespace, name);
    const [source, archived] = await Promise.all([
      this.sourceOf(run),
      this.stepsOf(run),
    ]);
    return { run, source, archived };
  }

  /** The run's steps rebuilt from its archive (cached per run). */
  stepsOf(run: ComponentWorkflowRun): Promise<ArchivedRunSteps> {
    const key = `${run.metadata?.namespace}/${run.metadata?.name}/${run.metadata?.uid}`;
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

  private async rebuild(run: ComponentWorkflowRun): Promise<ArchivedRunSteps> {
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
    run: ComponentWorkflowRun,
    connector: BuildPlaneConnector,
  ): Promise<DeclaredSteps | undefined> {
    const namespace = run.metadata?.namespace ?? '';
    const workflowName = run.spec?.workflow?.name;
    if (!workflowName) return undefined;
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
            run.status?.runReference?.namespace || ciNamespaceFor(namespace),
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

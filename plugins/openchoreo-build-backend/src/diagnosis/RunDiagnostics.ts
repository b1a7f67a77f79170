import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import {
  isSucceededRunStatus,
  type RunDetail,
  type RunDiagnosis,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BuildPlaneRegistry } from '../buildplane/BuildPlaneRegistry';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { BuildRun } from '../runs/buildRun';
import { gatherFacts, type FactSources } from './gatherFacts';
import { connectorReads } from './planeReads';
import { applyRules } from './rules';

/** Time for all the reads of one diagnosis: a run page should not wait longer for it. */
export const DEFAULT_DIAGNOSIS_BUDGET_MS = 5000;

export interface RunDiagnosticsOptions {
  /** `openchoreo.build.diagnosis.pendingGraceSeconds`. */
  pendingGraceSeconds: number;
  /** Time limit of one request to a plane. */
  requestTimeoutMs: number;
  /** Total time for the reads of one diagnosis (default {@link DEFAULT_DIAGNOSIS_BUDGET_MS}). */
  budgetMs?: number;
  logger?: LoggerService;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Explains why a run is stuck or failed (`RunDetail.diagnosis`): gathers the facts once per
 * request (gatherFacts.ts) and applies the rules (rules/). Finished successful runs are not
 * looked at. Nothing is cached beyond the request. It never fails the request: what cannot be
 * read becomes an `info` finding.
 */
export class RunDiagnostics {
  constructor(
    private readonly sources: FactSources,
    private readonly options: RunDiagnosticsOptions,
  ) {}

  /**
   * Diagnostics over the control plane and the registry's plane connectors: v0 the namespace's
   * BuildPlane, v1 the (Cluster)WorkflowPlane of the run's Workflow, found and reached as
   * `BuildPlaneRegistry.workflowPlaneFor` / `workflowPlaneConnector` do it (runs/runPlane.ts).
   */
  static create(
    controlPlane: ControlPlane,
    registry: BuildPlaneRegistry,
    options: RunDiagnosticsOptions,
  ): RunDiagnostics {
    const v1 = new ControlPlaneV1(controlPlane.kubernetes);
    return new RunDiagnostics(
      {
        listBuildPlanes: namespace => controlPlane.listBuildPlanes(namespace),
        getComponentWorkflow: (namespace, name) =>
          controlPlane.getComponentWorkflow(namespace, name),
        modeOf: plane => registry.plan(plane).mode,
        buildPlaneReads: async plane =>
          connectorReads(
            await registry.connectorFor(plane),
            options.requestTimeoutMs,
          ),
        findWorkflow: (kind, namespace, name) =>
          v1.findWorkflow(kind, namespace, name),
        findWorkflowPlane: (kind, namespace, name) =>
          registry.findWorkflowPlane(kind, namespace, name),
        workflowPlaneMode: plane => registry.planWorkflowPlane(plane).mode,
        workflowPlaneReads: async plane =>
          connectorReads(
            await registry.workflowPlaneConnector(plane),
            options.requestTimeoutMs,
          ),
      },
      options,
    );
  }

  async diagnose(run: BuildRun, detail: RunDetail): Promise<RunDiagnosis[]> {
    if (isSucceededRunStatus(detail.status)) return [];
    try {
      const facts = await gatherFacts(run, detail, this.sources, {
        budgetMs: this.options.budgetMs ?? DEFAULT_DIAGNOSIS_BUDGET_MS,
        now: (this.options.now ?? Date.now)(),
      });
      if (facts.gaps.length > 0) {
        this.options.logger?.debug(
          `Diagnosis of run ${detail.namespace}/${
            detail.name
          } is incomplete: ${facts.gaps
            .map(g => `${g.what}: ${g.reason}`)
            .join('; ')}`,
        );
      }
      return applyRules(facts, {
        pendingGraceSeconds: this.options.pendingGraceSeconds,
      });
    } catch (error) {
      // gatherFacts turns every read failure into a gap; this is for a bug, not for a cluster.
      const message = isError(error) ? error.message : String(error);
      this.options.logger?.warn(
        `Diagnosis of run ${detail.namespace}/${detail.name} failed: ${message}`,
      );
      return [
        {
          id: 'check-incomplete',
          severity: 'info',
          title: 'The run could not be diagnosed',
          detail:
            "The backend failed while looking for the cause of this run's state.",
          fix: 'Reload the page to try again; the backend log has the error.',
        },
      ];
    }
  }
}

import type { Cluster } from '../apiserver/cluster';
import { ApiError } from '../apiserver/errors';
import type { StoreEvent } from '../apiserver/store';
import { isRecord, KObject } from '../apiserver/types';
import type { Scheduler } from '../util/scheduler';
import { WORKFLOW_API } from './argo/runner';
import { Condition, isTrue, readConditions, setCondition } from './conditions';
import { applyArgoPhase } from './runStatus';
import {
  buildNamespace,
  LABEL_RUN,
  LABEL_RUN_NAMESPACE,
  pluralOf,
  renderRun,
} from './renderRun';

export const OC_API = 'openchoreo.dev/v1alpha1';
const RUN_GR = 'openchoreo.dev/componentworkflowruns';
const WF_GR = 'argoproj.io/workflows';

interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Emulates OpenChoreo's ComponentWorkflowRun controller: renders the
 * ComponentWorkflow's runTemplate and resources into the build plane and
 * mirrors the Argo Workflow's progress into the run's conditions.
 */
export class RunController {
  /** `namespace/name` → uid of runs this controller started. */
  private readonly managed = new Map<string, string>();
  private readonly pendingSync = new Set<string>();
  private unsubscribers: Array<() => void> = [];

  constructor(
    private readonly control: Cluster,
    private readonly build: Cluster,
    private readonly scheduler: Scheduler,
    private readonly ttlSeconds: number,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): void {
    this.unsubscribers.push(
      this.control.store.subscribe(e => this.onRunEvent(e)),
      this.build.store.subscribe(e => this.onWorkflowEvent(e)),
    );
    for (const run of this.control.store.list(RUN_GR)) {
      if (!run.status) this.scheduler.soon(() => this.reconcileNew(run));
    }
  }

  stop(): void {
    for (const u of this.unsubscribers) u();
  }

  private onRunEvent(event: StoreEvent): void {
    if (event.gr !== RUN_GR) return;
    const run = event.object;
    const key = `${run.metadata.namespace}/${run.metadata.name}`;
    if (event.type === 'ADDED' && !run.status) {
      const copy = structuredClone(run);
      this.scheduler.soon(() => this.reconcileNew(copy));
    } else if (
      event.type === 'DELETED' &&
      this.managed.get(key) === run.metadata.uid
    ) {
      this.managed.delete(key);
      const copy = structuredClone(run);
      this.scheduler.soon(() => this.cleanup(copy));
    }
  }

  private onWorkflowEvent(event: StoreEvent): void {
    if (event.gr !== WF_GR) return;
    const labels = event.object.metadata.labels ?? {};
    const run = labels[LABEL_RUN];
    const ns = labels[LABEL_RUN_NAMESPACE];
    if (!run || !ns) return;
    const key = `${ns}/${run}`;
    if (!this.managed.has(key)) return;
    const deleted =
      event.type === 'DELETED' ? structuredClone(event.object) : undefined;
    if (deleted) {
      this.scheduler.soon(() => this.onWorkflowGone(ns, run, deleted));
      return;
    }
    // Coalesce bursts of workflow updates into one status write.
    if (this.pendingSync.has(key)) return;
    this.pendingSync.add(key);
    this.scheduler.soon(() => {
      this.pendingSync.delete(key);
      this.syncFromWorkflow(ns, run);
    });
  }

  private writeStatus(run: KObject, status: Record<string, unknown>): void {
    const latest = this.control.get(
      OC_API,
      'componentworkflowruns',
      run.metadata.namespace,
      run.metadata.name!,
    );
    if (!latest || latest.metadata.uid !== run.metadata.uid) return;
    this.control.updateStatus({ ...latest, status }, 'componentworkflowruns');
  }

  private fail(run: KObject, reason: string, message: string): void {
    const gen = run.metadata.generation ?? 1;
    let conditions: Condition[] = [];
    conditions = setCondition(
      conditions,
      { type: 'WorkflowFailed', status: 'True', reason, message },
      gen,
    );
    conditions = setCondition(
      conditions,
      { type: 'WorkflowCompleted', status: 'True', reason, message },
      gen,
    );
    this.writeStatus(run, { conditions });
    this.log(
      `run ${run.metadata.namespace}/${run.metadata.name} failed: ${reason}: ${message}`,
    );
  }

  private reconcileNew(seen: KObject): void {
    const ns = seen.metadata.namespace!;
    const name = seen.metadata.name!;
    const run = this.control.get(OC_API, 'componentworkflowruns', ns, name);
    if (
      !run ||
      run.status ||
      run.metadata.uid !== seen.metadata.uid ||
      this.managed.get(`${ns}/${name}`) === run.metadata.uid
    )
      return;
    this.managed.set(`${ns}/${name}`, run.metadata.uid!);
    const gen = run.metadata.generation ?? 1;
    const spec = isRecord(run.spec) ? run.spec : {};
    const workflowSpec = isRecord(spec.workflow) ? spec.workflow : {};
    const workflowName = String(workflowSpec.name ?? '');

    const cwf = this.control.get(
      OC_API,
      'componentworkflows',
      ns,
      workflowName,
    );
    if (!cwf) {
      this.fail(
        run,
        'ComponentWorkflowNotFound',
        `ComponentWorkflow "${workflowName}" not found in namespace "${ns}"`,
      );
      return;
    }
    const planes = this.control.list(OC_API, 'buildplanes', ns);
    if (!planes.length) {
      const conditions = setCondition(
        [],
        {
          type: 'WorkflowCompleted',
          status: 'False',
          reason: 'BuildPlaneNotFound',
          message:
            'No build plane found for the project associated with this workflow run',
        },
        gen,
      );
      this.writeStatus(run, { conditions });
      return;
    }
    const bpNamespace = buildNamespace(ns);
    let rendered;
    try {
      rendered = renderRun(run, cwf, this.ttlSeconds);
    } catch (e) {
      this.fail(run, 'WorkflowFailed', (e as Error).message);
      return;
    }
    this.build.ensureNamespace(bpNamespace);
    const resources: ResourceRef[] = [];
    try {
      for (const obj of rendered.resources) {
        const plural = pluralOf(obj.kind);
        // Shared resources (fixed names) are created once and then reused by every run.
        if (
          !this.build.get(
            obj.apiVersion,
            plural,
            bpNamespace,
            obj.metadata.name!,
          )
        )
          this.build.create(obj, plural);
        resources.push({
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name!,
          namespace: bpNamespace,
        });
      }
    } catch (e) {
      this.fail(
        run,
        'WorkflowFailed',
        `Failed to apply workflow resources to the build plane: ${
          (e as Error).message
        }`,
      );
      return;
    }
    try {
      this.build.create(rendered.workflow, 'workflows');
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e;
      const existing = this.build.get(
        WORKFLOW_API,
        'workflows',
        bpNamespace,
        name,
      );
      if (existing?.metadata.labels?.[LABEL_RUN] !== name) {
        this.fail(
          run,
          'WorkflowFailed',
          `Workflow ${bpNamespace}/${name} already exists on the build plane`,
        );
        return;
      }
    }
    const conditions = setCondition(
      readConditions(run.status),
      {
        type: 'WorkflowCompleted',
        status: 'False',
        reason: 'WorkflowPending',
        message: 'Workflow has not completed yet',
      },
      gen,
    );
    this.writeStatus(run, {
      conditions,
      runReference: {
        apiVersion: WORKFLOW_API,
        kind: 'Workflow',
        name,
        namespace: bpNamespace,
      },
      ...(resources.length ? { resources } : {}),
    });
    this.log(`run ${ns}/${name}: started Argo Workflow ${bpNamespace}/${name}`);
    this.syncFromWorkflow(ns, name);
  }

  private syncFromWorkflow(ns: string, name: string): void {
    const run = this.control.get(OC_API, 'componentworkflowruns', ns, name);
    if (!run || this.managed.get(`${ns}/${name}`) !== run.metadata.uid) return;
    const wf = this.build.get(
      WORKFLOW_API,
      'workflows',
      buildNamespace(ns),
      name,
    );
    if (!wf) return;
    if (isTrue(readConditions(run.status), 'WorkflowCompleted')) return;
    const status = applyArgoPhase(
      run.status,
      run.metadata.generation ?? 1,
      isRecord(wf.status) ? wf.status : {},
    );
    if (JSON.stringify(status) !== JSON.stringify(run.status))
      this.writeStatus(run, status);
  }

  private onWorkflowGone(ns: string, name: string, wf: KObject): void {
    const run = this.control.get(OC_API, 'componentworkflowruns', ns, name);
    if (!run || this.managed.get(`${ns}/${name}`) !== run.metadata.uid) return;
    // A TTL deletion after completion changes nothing; a deletion mid-run ends the run.
    if (isTrue(readConditions(run.status), 'WorkflowCompleted')) return;
    const phase = isRecord(wf.status) ? wf.status.phase : undefined;
    if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') {
      this.syncFromWorkflow(ns, name);
      return;
    }
    const gen = run.metadata.generation ?? 1;
    let c = readConditions(run.status);
    c = setCondition(
      c,
      {
        type: 'WorkflowRunning',
        status: 'False',
        reason: 'WorkflowRunning',
        message: 'Workflow is not found in the cluster',
      },
      gen,
    );
    c = setCondition(
      c,
      {
        type: 'WorkflowFailed',
        status: 'True',
        reason: 'WorkflowFailed',
        message: 'Workflow has been deleted from the cluster',
      },
      gen,
    );
    c = setCondition(
      c,
      {
        type: 'WorkflowCompleted',
        status: 'True',
        reason: 'WorkflowFailed',
        message: 'Workflow has been deleted from the cluster',
      },
      gen,
    );
    this.writeStatus(run, {
      ...(isRecord(run.status) ? run.status : {}),
      conditions: c,
    });
  }

  /** Deleting a run removes what it created on the build plane. */
  private cleanup(run: KObject): void {
    const ns = buildNamespace(run.metadata.namespace!);
    const wf = this.build.get(
      WORKFLOW_API,
      'workflows',
      ns,
      run.metadata.name!,
    );
    if (wf?.metadata.labels?.[LABEL_RUN] === run.metadata.name)
      this.build.delete(WORKFLOW_API, 'workflows', ns, run.metadata.name!);
    const status = isRecord(run.status) ? run.status : {};
    for (const ref of Array.isArray(status.resources)
      ? status.resources.filter(isRecord)
      : []) {
      try {
        const existing = this.build.get(
          String(ref.apiVersion),
          pluralOf(String(ref.kind)),
          String(ref.namespace ?? ns),
          String(ref.name),
        );
        if (existing?.metadata.labels?.[LABEL_RUN] === run.metadata.name) {
          this.build.delete(
            String(ref.apiVersion),
            pluralOf(String(ref.kind)),
            String(ref.namespace ?? ns),
            String(ref.name),
          );
        }
      } catch {
        // the type is no longer served
      }
    }
  }
}

import { randomUUID } from 'node:crypto';
import type { KObject } from '../apiserver/types';
import { snapshot } from '../controller/argo/snapshot';
import { hex, isoSeconds } from '../controller/argo/names';
import { MISSING_DOCKERFILE } from '../controller/argo/scripts';
import type { Plan } from '../controller/argo/execution';
import type { Snapshot } from '../controller/argo/snapshot';
import {
  buildNamespace,
  pluralOf,
  RenderedRun,
  renderRun,
} from '../controller/renderRun';
import { finishedRunStatus } from '../controller/workload';
import { SeedComponent, SeedOrg } from './catalog';
import { OC, SeedContext } from './context';
import { createSyncedExternalSecret, workflowSpec } from './organization';

export type HistoryKind = 'succeeded' | 'failed' | 'expired' | 'running';

/** A run of `c` as the history writes it (no status yet); a failed run builds from a missing Dockerfile. */
export function historyRunObject(
  org: SeedOrg,
  c: SeedComponent,
  failing: boolean,
  name: string,
  createdMs: number,
  commit: string,
): KObject {
  const appPath = failing ? `${c.appPath}/${MISSING_DOCKERFILE}` : c.appPath;
  const params =
    failing && c.parameters.docker
      ? {
          ...c.parameters,
          docker: { context: appPath, filePath: `${appPath}/Dockerfile` },
        }
      : c.parameters;
  return {
    apiVersion: OC,
    kind: 'ComponentWorkflowRun',
    metadata: {
      name,
      namespace: org.org,
      creationTimestamp: isoSeconds(createdMs),
      labels: {
        'openchoreo.dev/component': c.name,
        'openchoreo.dev/project': org.project,
      },
    },
    spec: {
      owner: { projectName: org.project, componentName: c.name },
      workflow: workflowSpec(c, appPath, params, commit),
    },
  };
}

/** The Workflow (and build-plane resources) the run controller would render for `run`. */
export function renderHistoryRun(ctx: SeedContext, run: KObject): RenderedRun {
  const namespace = run.metadata.namespace!;
  const spec = run.spec as { workflow: { name: string } };
  const cwf = ctx.control.get(
    OC,
    'componentworkflows',
    namespace,
    spec.workflow.name,
  )!;
  return renderRun(
    { ...run, metadata: { ...run.metadata, uid: 'seed' } },
    cwf,
    ctx.ttlSeconds,
  );
}

/** How a finished history run went: its Workflow's timeline and final state, and the run's status. */
export interface FinishedHistory {
  plan: Plan;
  snap: Snapshot;
  /** What OpenChoreo's controller leaves on the run: conditions, image, runReference, resources. */
  status: Record<string, unknown>;
}

/**
 * Plays the run's Workflow to its end (`createdMs` + 1 s) and derives the run's final status as
 * the controller would (after a success, the Workload is applied, as the controller does).
 */
export function finishHistoryRun(
  ctx: SeedContext,
  run: KObject,
  rendered: RenderedRun,
  createdMs: number,
): FinishedHistory {
  const name = run.metadata.name!;
  const namespace = run.metadata.namespace!;
  const wfCreated = createdMs + 1000;
  const wfDraft: KObject = {
    ...rendered.workflow,
    metadata: {
      ...rendered.workflow.metadata,
      uid: `seed-${name}`,
      creationTimestamp: isoSeconds(wfCreated),
    },
  };
  const plan = ctx.runner.plan(wfDraft, wfCreated, 1);
  const snap = snapshot(plan, plan.endMs + 1000);
  const finished = new Date(snap.finishedMs ?? plan.endMs);
  const ns = buildNamespace(namespace);
  const runStatus = finishedRunStatus(
    ctx.control,
    namespace,
    snap.status,
    finished,
  );
  const status = {
    ...runStatus,
    runReference: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name,
      namespace: ns,
    },
    ...(rendered.resources.length
      ? {
          resources: rendered.resources.map(r => ({
            apiVersion: r.apiVersion,
            kind: r.kind,
            name: r.metadata.name,
            namespace: ns,
          })),
        }
      : {}),
  };
  return { plan, snap, status };
}

/** Creates a finished run as if it had happened at `createdMs` (workflow, pods, logs). */
export function seedHistoryRun(
  ctx: SeedContext,
  org: SeedOrg,
  c: SeedComponent,
  kind: HistoryKind,
  name: string,
  createdMs: number,
  random: () => number,
): void {
  const { control, build } = ctx;
  const run = historyRunObject(
    org,
    c,
    kind === 'failed',
    name,
    createdMs,
    hex(random, 40),
  );
  if (kind === 'running') {
    // No status: the run controller picks it up and it progresses live.
    control.create(
      { ...run, metadata: { ...run.metadata, creationTimestamp: undefined } },
      'componentworkflowruns',
    );
    return;
  }
  const rendered = renderHistoryRun(ctx, run);
  const ns = buildNamespace(org.org);
  const at = isoSeconds(createdMs);
  for (const res of rendered.resources) {
    if (build.get(res.apiVersion, pluralOf(res.kind), ns, res.metadata.name!))
      continue;
    if (res.kind === 'ExternalSecret')
      createSyncedExternalSecret(build, res, createdMs);
    else
      build.create(
        { ...res, metadata: { ...res.metadata, creationTimestamp: at } },
        pluralOf(res.kind),
      );
  }
  const { plan, snap, status } = finishHistoryRun(
    ctx,
    run,
    rendered,
    createdMs,
  );
  const wfCreated = createdMs + 1000;
  control.create({ ...run, status }, 'componentworkflowruns');
  let uid = '';
  // The pods as the log collector saw them when their logs began: UID (created below unless the
  // run has expired, when only the archive remembers it) and labels (not yet completed).
  const collected = new Map<
    string,
    { uid: string; labels: Record<string, string> }
  >(
    snap.pods.map(pod => [
      pod.metadata.name!,
      {
        uid: randomUUID(),
        labels: {
          ...pod.metadata.labels,
          'workflows.argoproj.io/completed': 'false',
        },
      },
    ]),
  );
  if (kind !== 'expired') {
    const wf = build.create(
      {
        ...rendered.workflow,
        metadata: {
          ...rendered.workflow.metadata,
          creationTimestamp: isoSeconds(wfCreated),
          labels: {
            ...rendered.workflow.metadata.labels,
            'workflows.argoproj.io/phase': snap.phase,
            'workflows.argoproj.io/completed': 'true',
          },
          annotations: {
            ...rendered.workflow.metadata.annotations,
            'workflows.argoproj.io/pod-name-format': 'v2',
          },
        },
        status: snap.status,
      },
      'workflows',
    );
    uid = wf.metadata.uid!;
    for (const pod of snap.pods) {
      pod.metadata.ownerReferences = pod.metadata.ownerReferences?.map(r => ({
        ...r,
        uid,
      }));
      const created = build.create(pod, 'pods');
      collected.get(created.metadata.name!)!.uid = created.metadata.uid!;
    }
    ctx.runner.scheduleDeletion(ns, name, uid, ctx.ttlSeconds * 1000);
  }
  // Logs (for expired runs these exist only in the observer's archive).
  for (const step of plan.steps) {
    const pod = collected.get(step.podName);
    for (const container of ['init', 'wait', 'main'] as const) {
      const log = build.logs.register(
        ns,
        step.podName,
        container,
        pod?.uid ?? randomUUID(),
        name,
        pod?.labels,
      );
      for (const line of step.lines.filter(l => l.container === container))
        build.logs.append(log, line.text, line.at);
      build.logs.end(log);
    }
  }
}

import type { KObject } from '../apiserver/types';
import { readConditions } from '../controller/conditions';
import { dockerDagTemplate } from '../seed/dockerDag';
import { gitopsReleaseTemplates } from '../seed/gitopsTemplates';
import { componentWorkflows } from '../seed/workflows';
import type { Sandbox } from '../sandbox';
import { runBody } from './harness';

export const RUN_API = 'openchoreo.dev/v1alpha1';
export const RUNS = 'componentworkflowruns';

/** Collects the sandbox's log lines and resolves a promise once a line containing some text is logged. */
export class LogLines {
  readonly lines: string[] = [];
  private waiters: Array<{ text: string; resolve: () => void }> = [];

  readonly log = (line: string): void => {
    this.lines.push(line);
    this.waiters = this.waiters.filter(w => {
      if (!line.includes(w.text)) return true;
      w.resolve();
      return false;
    });
  };

  logged(text: string): Promise<void> {
    if (this.lines.some(l => l.includes(text))) return Promise.resolve();
    return new Promise(resolve => this.waiters.push({ text, resolve }));
  }
}

/** A BuildPlane in `namespace` (the controller only needs one to exist: `hierarchy.go@v0.9.0:272`). */
export function buildPlane(namespace: string): KObject {
  return {
    apiVersion: RUN_API,
    kind: 'BuildPlane',
    metadata: { name: `${namespace}-build-plane`, namespace },
    spec: { planeID: namespace },
  };
}

/** The sandbox's sample ComponentWorkflow `name` in `namespace`. */
export function sampleWorkflow(namespace: string, name: string): KObject {
  const found = componentWorkflows(namespace, { dockerDag: true }).find(
    w => w.metadata.name === name,
  );
  if (!found) throw new Error(`no sample ComponentWorkflow ${name}`);
  return found;
}

/** An organization namespace on the control plane, with what is asked for in it. */
export function addOrg(
  sandbox: Sandbox,
  namespace: string,
  with_: { buildPlane?: boolean; workflows?: string[] } = {},
): void {
  sandbox.controlPlane.ensureNamespace(namespace);
  if (with_.buildPlane)
    sandbox.controlPlane.create(buildPlane(namespace), 'buildplanes');
  for (const name of with_.workflows ?? []) {
    sandbox.controlPlane.create(
      sampleWorkflow(namespace, name),
      'componentworkflows',
    );
    // A GitOps (or the DAG) workflow's ClusterWorkflowTemplate, applied beside it as the GitOps
    // guide does.
    const template = [...gitopsReleaseTemplates(), dockerDagTemplate()].find(
      t => t.metadata.name === name,
    );
    if (
      template &&
      !sandbox.buildPlane.get(
        template.apiVersion,
        'clusterworkflowtemplates',
        undefined,
        name,
      )
    )
      sandbox.buildPlane.create(template, 'clusterworkflowtemplates');
  }
}

/** Creates a run (without status, so the controller adopts it) in `namespace`. */
export function createRun(
  sandbox: Sandbox,
  namespace: string,
  body: ReturnType<typeof runBody>,
): KObject {
  return sandbox.controlPlane.create(
    { ...body, metadata: { ...body.metadata, namespace } },
    RUNS,
  );
}

export function getRun(
  sandbox: Sandbox,
  namespace: string,
  name: string,
): KObject | undefined {
  return sandbox.controlPlane.get(RUN_API, RUNS, namespace, name);
}

/** The run's conditions as `type=status/reason` strings, for compact assertions. */
export function conditionSummary(run: KObject | undefined): string[] {
  return readConditions(run?.status).map(
    c => `${c.type}=${c.status}/${c.reason}`,
  );
}

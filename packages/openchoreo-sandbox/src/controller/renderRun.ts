import { isRecord, KObject } from '../apiserver/types';
import {
  ANNOTATION_LOG_BYTES,
  ANNOTATION_REQUIRED_SECRETS,
  ANNOTATION_SPEED,
  WORKFLOW_API,
} from './argo/runner';
import { applyDefaults, render, RenderContext } from './render';

export const LABEL_RUN = 'openchoreo.dev/componentworkflowrun';
export const LABEL_RUN_NAMESPACE =
  'openchoreo.dev/componentworkflowrun-namespace';

export function buildNamespace(org: string): string {
  return `openchoreo-ci-${org}`;
}

export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('s')) return `${lower}es`;
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

export interface RenderedRun {
  workflow: KObject;
  resources: KObject[];
  requiredSecrets: string[];
}

/**
 * Renders what a ComponentWorkflowRun becomes on the build plane: the Argo
 * Workflow from `runTemplate` (named after the run, in openchoreo-ci-<org>,
 * labelled with the run) and the `resources` (e.g. ExternalSecrets).
 */
export function renderRun(
  run: KObject,
  cwf: KObject,
  ttlSeconds: number,
): RenderedRun {
  const ns = run.metadata.namespace!;
  const name = run.metadata.name!;
  const spec = isRecord(run.spec) ? run.spec : {};
  const owner = isRecord(spec.owner) ? spec.owner : {};
  const workflowSpec = isRecord(spec.workflow) ? spec.workflow : {};
  const cwfSpec = isRecord(cwf.spec) ? cwf.spec : {};
  const schema = isRecord(cwfSpec.schema) ? cwfSpec.schema : {};
  const ctx: RenderContext = {
    metadata: {
      workflowRunName: name,
      componentName: String(owner.componentName ?? ''),
      projectName: String(owner.projectName ?? ''),
      orgName: ns,
    },
    systemParameters: applyDefaults(
      schema.systemParameters,
      workflowSpec.systemParameters,
    ),
    parameters: applyDefaults(schema.parameters, workflowSpec.parameters),
  };
  const bpNamespace = buildNamespace(ns);
  const labels = { [LABEL_RUN]: name, [LABEL_RUN_NAMESPACE]: ns };
  const resources: KObject[] = [];
  const requiredSecrets: string[] = [];
  for (const item of Array.isArray(cwfSpec.resources)
    ? cwfSpec.resources.filter(isRecord)
    : []) {
    const obj = render(item.template, ctx) as KObject;
    if (!isRecord(obj) || !obj.apiVersion || !obj.kind) continue;
    obj.metadata = {
      ...(isRecord(obj.metadata) ? obj.metadata : {}),
      namespace: bpNamespace,
    };
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...labels };
    if (obj.kind === 'ExternalSecret') {
      const target =
        isRecord(obj.spec) && isRecord(obj.spec.target) ? obj.spec.target : {};
      requiredSecrets.push(String(target.name ?? obj.metadata.name));
    }
    resources.push(obj);
  }
  const wf = render(cwfSpec.runTemplate, ctx);
  if (!isRecord(wf) || !isRecord(wf.spec))
    throw new Error(
      `ComponentWorkflow "${cwf.metadata.name}" has no usable runTemplate`,
    );
  const wfMeta = isRecord(wf.metadata) ? wf.metadata : {};
  const annotations: Record<string, string> = {
    ...(isRecord(wfMeta.annotations)
      ? (wfMeta.annotations as Record<string, string>)
      : {}),
  };
  const logBytes = run.metadata.annotations?.[ANNOTATION_LOG_BYTES];
  if (logBytes) annotations[ANNOTATION_LOG_BYTES] = logBytes;
  const speed = run.metadata.annotations?.[ANNOTATION_SPEED];
  if (speed) annotations[ANNOTATION_SPEED] = speed;
  if (requiredSecrets.length)
    annotations[ANNOTATION_REQUIRED_SECRETS] = requiredSecrets.join(',');
  const workflow: KObject = {
    apiVersion: WORKFLOW_API,
    kind: 'Workflow',
    metadata: {
      name,
      namespace: bpNamespace,
      labels: {
        ...(isRecord(wfMeta.labels)
          ? (wfMeta.labels as Record<string, string>)
          : {}),
        ...labels,
      },
      annotations,
    },
    spec: { ...wf.spec, ttlStrategy: { secondsAfterCompletion: ttlSeconds } },
  };
  return { workflow, resources, requiredSecrets };
}

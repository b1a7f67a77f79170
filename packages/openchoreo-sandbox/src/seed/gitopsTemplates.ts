import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { isRecord, KObject } from '../apiserver/types';
import { REFERENCE_DIR } from '../reference';

/**
 * OpenChoreo's GitOps build-and-release workflows, read unchanged from the vendored
 * `samples/gitops-workflows/component-workflows/build-and-release/<flavour>/*.yaml@v0.12.0`
 * (`fixtures/reference/openchoreo/samples-v0.12.0-gitops/`): per flavour a ClusterWorkflowTemplate
 * for the build plane and the ComponentWorkflow that references it.
 */
export const GITOPS_SAMPLES_DIR = join(
  REFERENCE_DIR,
  'openchoreo',
  'samples-v0.12.0-gitops',
  'component-workflows',
  'build-and-release',
);

export const GITOPS_FLAVOURS = [
  'docker',
  'google-cloud-buildpacks',
  'react',
] as const;
export type GitopsFlavour = (typeof GITOPS_FLAVOURS)[number];

/** An output parameter as an Argo template declares it. */
export interface DeclaredOutput {
  name: string;
  valueFrom: { path: string };
}

/** One entry of a template's `spec.templates`: the parts the sandbox reads or changes. */
export interface TemplateDefinition {
  name: string;
  outputs?: { parameters?: DeclaredOutput[] };
  [key: string]: unknown;
}

/** `argoproj.io/v1alpha1 ClusterWorkflowTemplate`, with the spec fields the sandbox relies on. */
export type ClusterWorkflowTemplate = KObject & {
  spec: {
    entrypoint: string;
    templates: TemplateDefinition[];
    [key: string]: unknown;
  };
};

interface GitopsSample {
  template: ClusterWorkflowTemplate;
  componentWorkflow: KObject;
}

function readSample(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read the vendored GitOps sample ${file} (${
        (err as Error).message
      }): the sandbox runs from the repository checkout, whose fixtures/reference/ holds it; restore it with git (see fixtures/NOTICE.md)`,
    );
  }
  const doc: unknown = YAML.parse(text);
  if (!isRecord(doc) || !isRecord(doc.metadata))
    throw new Error(
      `${file} is not a Kubernetes object: copy it again, unchanged, from OpenChoreo v0.12.0 (see fixtures/NOTICE.md)`,
    );
  return doc;
}

function isTemplate(
  doc: Record<string, unknown>,
): doc is ClusterWorkflowTemplate {
  const spec = doc.spec;
  return (
    doc.kind === 'ClusterWorkflowTemplate' &&
    isRecord(spec) &&
    typeof spec.entrypoint === 'string' &&
    Array.isArray(spec.templates) &&
    spec.templates.every(t => isRecord(t) && typeof t.name === 'string')
  );
}

function isComponentWorkflow(doc: Record<string, unknown>): doc is KObject {
  return doc.kind === 'ComponentWorkflow' && isRecord(doc.spec);
}

let loaded: Map<GitopsFlavour, GitopsSample> | undefined;

/** Reads the three samples once per process (the files do not change while the sandbox runs). */
function samples(): Map<GitopsFlavour, GitopsSample> {
  if (loaded) return loaded;
  const out = new Map<GitopsFlavour, GitopsSample>();
  for (const flavour of GITOPS_FLAVOURS) {
    const name = `${flavour}-gitops-release`;
    const templateFile = join(
      GITOPS_SAMPLES_DIR,
      flavour,
      `${name}-template.yaml`,
    );
    const workflowFile = join(GITOPS_SAMPLES_DIR, flavour, `${name}.yaml`);
    const template = readSample(templateFile);
    const componentWorkflow = readSample(workflowFile);
    if (!isTemplate(template))
      throw new Error(
        `${templateFile} is not a ClusterWorkflowTemplate with an entrypoint and named templates`,
      );
    if (!isComponentWorkflow(componentWorkflow))
      throw new Error(`${workflowFile} is not a ComponentWorkflow with a spec`);
    out.set(flavour, {
      template,
      componentWorkflow,
    });
  }
  loaded = out;
  return out;
}

/** The three `*-gitops-release` ClusterWorkflowTemplates as the sandbox seeds them (fresh copies). */
export function gitopsReleaseTemplates(): ClusterWorkflowTemplate[] {
  return [...samples().values()].map(s => structuredClone(s.template));
}

/**
 * The three `*-gitops-release` ComponentWorkflows in organization `namespace`: the samples declare
 * `namespace: default`, the only thing adapted.
 */
export function gitopsReleaseComponentWorkflows(namespace: string): KObject[] {
  return [...samples().values()].map(s => {
    const workflow = structuredClone(s.componentWorkflow);
    return { ...workflow, metadata: { ...workflow.metadata, namespace } };
  });
}

import { isRecord } from '../../apiserver/types';

/** A Secret volume a step's pod mounts: the kubelet cannot start the pod while the Secret is missing. */
export interface SecretMount {
  /** The pod volume's name (what `FailedMount` events name). */
  volume: string;
  secretName: string;
}

/** Secret volumes per template name. */
export type SecretMountsByTemplate = Record<string, SecretMount[]>;

type Json = Record<string, unknown>;

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** `{{workflow.parameters.x}}` → the Workflow's argument (other Argo expressions stay as written). */
function substitute(text: string, params: Record<string, string>): string {
  return text.replace(
    /\{\{\s*workflow\.parameters\.([\w-]+)\s*\}\}/g,
    (whole, name: string) => params[name] ?? whole,
  );
}

function secretOf(
  volume: Json | undefined,
  params: Record<string, string>,
): string | undefined {
  const secret = volume && isRecord(volume.secret) ? volume.secret : undefined;
  // An optional Secret volume mounts empty when the Secret is missing: it blocks nothing.
  if (!secret || secret.optional === true) return undefined;
  const name = substitute(String(secret.secretName ?? ''), params);
  return name || undefined;
}

/**
 * The Secret volumes each template's pod mounts, read from the templates themselves. Argo adds to a
 * step's pod the volumes its container's `volumeMounts` reference, looked up in the template's own
 * `volumes`, then in the workflow-level `spec.volumes` (`addVolumeReferences`,
 * `workflow/controller/workflowpod.go`, argo-workflows v3.6).
 */
export function mountsFromTemplates(
  templates: unknown,
  workflowVolumes: unknown,
  params: Record<string, string>,
): SecretMountsByTemplate {
  const global = records(workflowVolumes);
  const out: SecretMountsByTemplate = {};
  for (const tmpl of records(templates)) {
    const container = [tmpl.container, tmpl.script].find(isRecord);
    if (!container) continue;
    const local = records(tmpl.volumes);
    const mounts: SecretMount[] = [];
    for (const mount of records(container.volumeMounts)) {
      const name = String(mount.name ?? '');
      const volume =
        local.find(v => v.name === name) ?? global.find(v => v.name === name);
      const secretName = secretOf(volume, params);
      if (secretName && !mounts.some(m => m.volume === name))
        mounts.push({ volume: name, secretName });
    }
    if (mounts.length) out[String(tmpl.name)] = mounts;
  }
  return out;
}

/**
 * The secret volumes of OpenChoreo's sample templates, for the built-in catalogue (used when the
 * referenced ClusterWorkflowTemplate is not on the build plane), keyed by the workflow parameter
 * that names the Secret:
 * - `git-secret-name`: volume `git-secret` in `clone-step`
 *   (`samples/component-workflows/with-private-repository/external-secrets/cluster-workflow-template.yaml@v0.9.0`);
 * - `registry-secret-name`: volume `registry-push-secret` in `push-step`
 *   (`.../with-private-registry/external-secrets/cluster-workflow-template.yaml@v0.9.0`).
 * (The GitOps templates are seeded on the build plane, so their mounts are read from them.)
 */
const CATALOGUE_BY_PARAMETER: Record<
  string,
  { volume: string; templates: string[] }
> = {
  'git-secret-name': { volume: 'git-secret', templates: ['clone-step'] },
  'registry-secret-name': {
    volume: 'registry-push-secret',
    templates: ['push-step'],
  },
};

/** Registry credentials are mounted by the push step, anything else (git credentials) by the clone step. */
function catalogueStepFor(secretName: string, templates: string[]): string {
  const push = templates.find(t => t === 'push-step');
  const clone = templates.find(t => t === 'clone-step');
  const isRegistry = /registry|docker|push/.test(secretName);
  return (isRegistry ? push : clone) ?? templates[0];
}

/**
 * Mounts for the built-in catalogue: the sample templates' parameter-named volumes, plus each
 * Secret the ComponentWorkflow's ExternalSecrets produce (`requiredSecrets`) that no parameter
 * names, mounted where the samples mount such a Secret: `registry-push-secret` in `push-step`
 * (`with-private-registry/cluster-workflow-template.yaml@v0.9.0:148-158`), `git-clone-secret` in
 * `clone-step` (`with-private-repository/cluster-workflow-template.yaml@v0.9.0:36-49`).
 */
export function catalogueMounts(
  templates: string[],
  params: Record<string, string>,
  requiredSecrets: string[],
): SecretMountsByTemplate {
  const out: SecretMountsByTemplate = {};
  const add = (template: string, mount: SecretMount): void => {
    if (!templates.includes(template)) return;
    const list = (out[template] ??= []);
    if (!list.some(m => m.volume === mount.volume)) list.push(mount);
  };
  const named = new Set<string>();
  for (const [param, { volume, templates: users }] of Object.entries(
    CATALOGUE_BY_PARAMETER,
  )) {
    const secretName = params[param];
    if (!secretName) continue;
    named.add(secretName);
    for (const template of users) add(template, { volume, secretName });
  }
  for (const secretName of requiredSecrets) {
    if (named.has(secretName) || !templates.length) continue;
    add(catalogueStepFor(secretName, templates), {
      volume: secretName,
      secretName,
    });
  }
  return out;
}

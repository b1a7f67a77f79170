/**
 * The failure patterns of the Troubleshooting section of OpenChoreo's guide "Build and Release
 * Components" (GitOps workflows): Secret Not Found, Image Push Failures, PR Creation Failures,
 * Clone Source Fails, Build Image Fails. Each pattern names the steps it happens in (the v0.9
 * templates' `clone-step` / `build-step` / `push-step`, and the v0.12 `*-gitops-release`
 * templates' `clone-source` / `build-image` / `push-image` / `clone-gitops` /
 * `create-feature-branch` / `git-commit-push-pr`), the log lines that show it, and the guide's
 * fix in the portal's words.
 */

import {
  fakeStoreKeysCommand,
  fakeStorePatchCommand,
  parseMissingStoreKey,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** The workflow families the guide gives different build fixes for. */
export type WorkflowFamily = 'docker' | 'buildpacks' | 'react' | 'other';

export interface GuidePattern {
  id:
    | 'secret-not-found'
    | 'image-push-failed'
    | 'pr-creation-failed'
    | 'clone-failed'
    | 'build-failed';
  /** Steps (name or template name) the failure happens in; absent: any step. */
  steps?: RegExp;
  /** Log lines (or the step's message) that show this failure in any step. */
  lines: RegExp[];
  /** Lines that show it only in a step known to be of this kind (too general elsewhere). */
  stepLines?: RegExp[];
  title(step: string): string;
  fix(context: { family: WorkflowFamily; namespace: string }): string;
}

/** Lines that report an error in any tool, when no pattern-specific line matched. */
export const GENERIC_ERROR_LINE =
  /\b(error|fatal|failed|failure|denied|unauthorized|forbidden)\b/i;

/**
 * Troubleshooting › Secret Not Found: check the keys of the ClusterSecretStore, the
 * ExternalSecrets' status, and that the secrets are configured in the store. Also the fix of an
 * ExternalSecret that is not Ready (secretRules.ts); given its Ready message, a key the message
 * names as missing (the shared `parseMissingStoreKey`) gets the guide's command that adds it to
 * the development fake store.
 */
export function secretStoreFix(
  namespace: string,
  readyMessage?: string,
  storeRef?: { kind?: string; name?: string },
): string {
  const missing = parseMissingStoreKey(readyMessage, storeRef);
  const patch = missing && fakeStorePatchCommand(missing, namespace);
  if (missing && patch) {
    const store = `${missing.store.kind} ${missing.store.name}`;
    return `${store} has no key ${missing.key}. In production, store it in the secret manager behind ${store}; for the development fake store, run this with the secret in place of <value>, then start the build again: ${patch}`;
  }
  const keys = fakeStoreKeysCommand({
    kind: 'ClusterSecretStore',
    name: 'default',
  });
  return `Check that the ClusterSecretStore has every key the workflow's ExternalSecrets ask for (for the default fake store: ${keys}), check the ExternalSecrets' status (kubectl get externalsecret -n ${namespace}), and add the missing keys to the store. Then start the build again.`;
}

/** Troubleshooting › Secret Not Found, seen in a failed step's log. */
export const SECRET_NOT_FOUND: GuidePattern = {
  id: 'secret-not-found',
  lines: [
    /secret "?[\w.-]+"? not found/i,
    /couldn't find key [\w.-]+ in Secret/i,
  ],
  title: step => `Step ${step} failed: a Secret was not found`,
  fix: ({ namespace }) => secretStoreFix(namespace),
};

/** Troubleshooting › Image Push Failures. */
const IMAGE_PUSH: GuidePattern = {
  id: 'image-push-failed',
  steps: /^(push-step|push-image|push)$/,
  lines: [
    /denied: requested access/i,
    /unauthorized: (authentication required|access to the requested resource)/i,
    /\bx509: /i,
    /server gave HTTP response to HTTPS client/i,
    /(error|failed)[^\n]*(push|pushing|writing blob|uploading)/i,
  ],
  stepLines: [/(connection refused|no such host|i\/o timeout)/i],
  title: step => `Pushing the image failed (step ${step})`,
  fix: () =>
    "Check that the build plane can reach the container registry, that the registry endpoint is right, and that the registry credentials are configured and valid. For TLS errors, check the registry's certificate configuration.",
};

/** Troubleshooting › PR Creation Failures (the GitOps release steps). */
const PR_CREATION: GuidePattern = {
  id: 'pr-creation-failed',
  steps:
    /^(git-commit-push-pr|create-pr|create-pull-request|clone-gitops|create-feature-branch)$/,
  lines: [
    /Bad credentials/i,
    /API rate limit exceeded/i,
    /pull request create failed/i,
    /GraphQL: /i,
    /remote: (Permission|Repository not found|Invalid username or password)/i,
  ],
  stepLines: [
    /HTTP (401|403|404|422)\b/,
    /(could not read Username|Authentication failed)/i,
    /couldn't find remote ref/i,
  ],
  title: step => `Releasing to the GitOps repository failed (step ${step})`,
  fix: () =>
    "Check that the gitops-token has the repo scope and has not expired, that the base branch exists in the GitOps repository, that the repository allows pull requests, and that GitHub's API rate limit was not reached.",
};

/** Troubleshooting › Clone Source Fails. */
const CLONE: GuidePattern = {
  id: 'clone-failed',
  steps: /^(clone-step|clone-source|clone)$/,
  lines: [
    /fatal: repository '[^']*' not found/i,
    /Remote branch \S+ not found/i,
    /couldn't find remote ref/i,
    /reference is not a tree/i,
  ],
  stepLines: [
    /(could not read Username|Authentication failed)/i,
    /Could not resolve host/i,
    /fatal: /i,
  ],
  title: step => `Cloning the source repository failed (step ${step})`,
  fix: () =>
    'Check that the repository URL is right and reachable, and that the branch or commit exists. For a private repository, check that git-token is configured in the ClusterSecretStore.',
};

/** Troubleshooting › Build Image Fails, with the guide's fix per workflow family. */
const BUILD: GuidePattern = {
  id: 'build-failed',
  steps: /^(build-step|build-image|build)$/,
  lines: [
    /no Dockerfile found|Dockerfile: no such file/i,
    /No buildpack groups passed detection/i,
    /npm ERR!|ERR_PNPM|error Command failed/i,
    /ERROR: failed to (build|solve)/i,
  ],
  stepLines: [/^Error: /, /no such file or directory/i],
  title: step => `Building the image failed (step ${step})`,
  fix: ({ family }) => {
    switch (family) {
      case 'docker':
        return 'Check the Dockerfile path and that the build context holds every file the Dockerfile uses; the Podman output in the log names the instruction that failed.';
      case 'buildpacks':
        return "Check that the application's language is supported and that its manifest (go.mod, package.json, requirements.txt, …) is in the app path; the buildpacks output in the log says which phase failed.";
      case 'react':
        return 'Check that package.json is in the app path, that the build command is right, that every dependency is listed in package.json, and that the Node.js version suits the app.';
      default:
        return "Check the build configuration (Dockerfile path or app path) and that the sources hold every file the build needs; the step's log shows the build error.";
    }
  },
};

/** Patterns tied to a step, in the order the steps of a build run. */
export const STEP_PATTERNS: readonly GuidePattern[] = [
  CLONE,
  BUILD,
  IMAGE_PUSH,
  PR_CREATION,
];

/** The family of a ComponentWorkflow by its name (`docker`, `google-cloud-buildpacks`, `react-gitops-release`, …). */
export function workflowFamily(
  workflowName: string | undefined,
): WorkflowFamily {
  const name = workflowName ?? '';
  if (/buildpack/i.test(name)) return 'buildpacks';
  if (/react/i.test(name)) return 'react';
  if (/docker/i.test(name)) return 'docker';
  return 'other';
}

import type { WebhookProvider } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { AutoBuildCandidate } from './componentRepository';
import type { BranchUpdate, ParsedEvent } from './pushEvents';
import {
  isUnderAppPath,
  normalizeRepositoryUrl,
  providerOfRepositoryUrl,
} from './repositoryUrl';

/** A component a push should build, with the branch update that triggers it. */
export interface ComponentMatch {
  namespace: string;
  project: string;
  component: string;
  /** The component's repository URL, normalized (one of the event's). */
  url: string;
  update: BranchUpdate;
  /** What a run of it needs beyond the coordinates (generation, v1 workflow, revision fields). */
  candidate: AutoBuildCandidate;
}

export interface MatchOptions {
  /**
   * v0 organizations: require the pushed branch to be the component's
   * `repository.revision.branch`. v1 organizations ignore it and follow v1.2.3's rule (see
   * {@link matchComponents}).
   */
  requireBranchMatch: boolean;
  /**
   * Whether the delivery may build components of `namespace` from `url` (see authorization.ts):
   * a repository URL alone is no permission, since the payload names it.
   */
  accepts?: (namespace: string, url: string) => boolean;
  /** The provider whose signature the delivery carries (v1: must host the component's repository). */
  provider?: WebhookProvider;
}

/** Whether a push to `branch` may build the candidate, by its generation's branch rule. */
function branchMatches(
  candidate: AutoBuildCandidate,
  branch: string,
  requireBranchMatch: boolean,
): boolean {
  const own = candidate.repository?.branch;
  // v1.2.3: a component with a branch (its parameter, else the schema default) builds only pushes
  // to it; one without builds every branch (`findAffectedComponents`,
  // internal/openchoreo-api/services/autobuild/webhook_processor.go@v1.2.3).
  if (candidate.generation === 'v1') return !own || own === branch;
  return !requireBranchMatch || own === branch;
}

/**
 * OpenChoreo's auto-build rule: autoBuild on; the component's repository URL equals one of the
 * event's after normalization; at least one changed path under its `appPath` (a root `appPath`
 * matches every path; an update without path information matches every component); and the
 * branch rule of its generation ({@link branchMatches}). v1 components whose repository host is a
 * known provider match only deliveries of that provider, as v1.2.3 checks (`providerFromRepoURL`).
 * A component matched by several updates of one push (Bitbucket) is built once, from the last.
 * Candidates whose repository could not be read (`problem`) never match.
 */
export function matchComponents(
  event: Extract<ParsedEvent, { kind: 'push' }>,
  candidates: AutoBuildCandidate[],
  options: MatchOptions,
): ComponentMatch[] {
  const urls = new Set(event.repositoryUrls);
  const matches: ComponentMatch[] = [];
  for (const candidate of candidates) {
    if (!candidate.autoBuild || candidate.problem) continue;
    const url = normalizeRepositoryUrl(candidate.repository?.url);
    if (!url || !urls.has(url)) continue;
    const { namespace } = candidate;
    if (options.accepts && !options.accepts(namespace, url)) continue;
    if (candidate.generation === 'v1' && options.provider) {
      const host = providerOfRepositoryUrl(url);
      if (host && host !== options.provider) continue;
    }
    const appPath = candidate.repository?.appPath ?? '';
    const hits = event.updates.filter(
      update =>
        branchMatches(candidate, update.branch, options.requireBranchMatch) &&
        (update.paths === undefined ||
          update.paths.some(path => isUnderAppPath(path, appPath))),
    );
    const update = hits[hits.length - 1];
    if (!update) continue;
    matches.push({
      namespace,
      project: candidate.project,
      component: candidate.component,
      url,
      update,
      candidate,
    });
  }
  return matches;
}

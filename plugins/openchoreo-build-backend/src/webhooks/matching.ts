import type { Component } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { BranchUpdate, ParsedEvent } from './pushEvents';
import { isUnderAppPath, normalizeRepositoryUrl } from './repositoryUrl';

/** A component a push should build, with the branch update that triggers it. */
export interface ComponentMatch {
  namespace: string;
  project: string;
  component: string;
  /** The component's repository URL, normalized (one of the event's). */
  url: string;
  update: BranchUpdate;
}

export interface MatchOptions {
  /** Require the pushed branch to be the component's `repository.revision.branch`. */
  requireBranchMatch: boolean;
  /**
   * Whether the delivery may build components of `namespace` from `url` (see authorization.ts):
   * a repository URL alone is no permission, since the payload names it.
   */
  accepts?: (namespace: string, url: string) => boolean;
}

/**
 * OpenChoreo's auto-build rule: `spec.autoBuild` true; the component's repository URL equals one
 * of the event's after normalization; at least one changed path under its `appPath` (a root
 * `appPath` matches every path; an update without path information matches every component);
 * and, unless switched off, the pushed branch is the component's branch. A component matched by
 * several updates of one push (Bitbucket) is built once, from the last of them.
 */
export function matchComponents(
  event: Extract<ParsedEvent, { kind: 'push' }>,
  components: Component[],
  options: MatchOptions,
): ComponentMatch[] {
  const urls = new Set(event.repositoryUrls);
  const matches: ComponentMatch[] = [];
  for (const component of components) {
    if (component.spec?.autoBuild !== true) continue;
    const repository = component.spec.workflow?.systemParameters?.repository;
    const url = normalizeRepositoryUrl(repository?.url);
    if (!url || !urls.has(url)) continue;
    const namespace = component.metadata?.namespace ?? '';
    if (options.accepts && !options.accepts(namespace, url)) continue;
    const appPath = repository?.appPath ?? '';
    const branch = repository?.revision?.branch;
    const hits = event.updates.filter(update => {
      if (options.requireBranchMatch && update.branch !== branch) return false;
      return (
        update.paths === undefined ||
        update.paths.some(path => isUnderAppPath(path, appPath))
      );
    });
    const update = hits[hits.length - 1];
    if (!update) continue;
    matches.push({
      namespace,
      project: component.spec.owner?.projectName ?? '',
      component: component.metadata?.name ?? '',
      url,
      update,
    });
  }
  return matches;
}

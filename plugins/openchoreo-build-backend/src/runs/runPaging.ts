import { InputError } from '@backstage/errors';
import type {
  ComponentWorkflowRun,
  KubernetesList,
  RunListResponse,
  RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { toRunSummary } from './runModel';

/** Where a listing stopped: namespace index, Kubernetes continue token, offset in that page. */
interface Position {
  n: number;
  c?: string;
  o: number;
  /** Upstream page size, kept so a continue token is used with the same limit. */
  p: number;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Position>;
    if (typeof value.n === 'number' && typeof value.o === 'number' && typeof value.p === 'number' &&
        (value.c === undefined || typeof value.c === 'string')) {
      return { n: value.n, c: value.c, o: value.o, p: value.p };
    }
  } catch {
    // reported below
  }
  throw new InputError('cursor: not a cursor returned by this API (use nextCursor as given)');
}

export interface RunFilter {
  project?: string;
  component?: string;
  statuses?: RunStatus[];
}

export function matchesFilter(run: ComponentWorkflowRun, filter: RunFilter): boolean {
  if (filter.project && run.spec?.owner?.projectName !== filter.project) return false;
  if (filter.component && run.spec?.owner?.componentName !== filter.component) return false;
  if (filter.statuses?.length && !filter.statuses.includes(toRunSummary(run).status)) return false;
  return true;
}

/** Upstream pages read per request at most; the cursor carries on from there. */
const MAX_PAGES_PER_REQUEST = 20;

/**
 * Lists runs across namespaces with Kubernetes `limit`/`continue`, filtering on the server (OpenChoreo
 * sets no labels on ComponentWorkflowRuns, so owner and status cannot be label-selected). The cursor
 * records the exact item to resume at, so no run is skipped or repeated between pages.
 */
export async function listRunsPaged(options: {
  namespaces: string[];
  filter: RunFilter;
  limit: number;
  cursor?: string;
  fetchPage: (namespace: string, limit: number, continueToken?: string) => Promise<KubernetesList<ComponentWorkflowRun>>;
}): Promise<RunListResponse> {
  const { namespaces, filter, limit } = options;
  const filtering = Boolean(filter.project || filter.component || filter.statuses?.length);
  let position: Position = options.cursor
    ? decodeCursor(options.cursor)
    : { n: 0, o: 0, p: filtering ? Math.max(limit, 100) : limit };
  const items: RunListResponse['items'] = [];
  let pages = 0;
  while (position.n < namespaces.length) {
    if (pages >= MAX_PAGES_PER_REQUEST) return { items, nextCursor: encodeCursor(position) };
    pages += 1;
    const page = await options.fetchPage(namespaces[position.n], position.p, position.c);
    const next = page.metadata?.continue;
    const afterPage: Position = next
      ? { n: position.n, c: next, o: 0, p: position.p }
      : { n: position.n + 1, o: 0, p: position.p };
    for (let i = position.o; i < page.items.length; i += 1) {
      if (!matchesFilter(page.items[i], filter)) continue;
      items.push(toRunSummary(page.items[i]));
      if (items.length === limit) {
        const resume = i + 1 < page.items.length ? { ...position, o: i + 1 } : afterPage;
        return { items, nextCursor: resume.n < namespaces.length ? encodeCursor(resume) : undefined };
      }
    }
    position = afterPage;
  }
  return { items };
}

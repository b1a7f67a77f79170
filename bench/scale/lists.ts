import http from 'node:http';
import type { RunListResponse } from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  ms,
  now,
  percentile,
  requestJson,
  settleBackends,
  timed,
} from './measure';
import {
  BIG_ORG,
  bigOrgRunNames,
  OTHER_ORGS,
  touchRun,
  type World,
} from './world';

export type Print = (key: string, value: string) => void;

interface RunPage {
  items: Array<{ metadata: { labels?: Record<string, string> } }>;
  metadata: { continue?: string };
}

/** One `componentworkflowruns` list request straight to the sandbox's control plane. */
function sandboxRuns(
  world: World,
  namespace: string,
  query: URLSearchParams,
): Promise<RunPage> {
  const { url, token } = world.sandbox.endpoints.controlPlane;
  return new Promise((resolve, reject) => {
    http
      .get(
        `${url}/apis/openchoreo.dev/v1alpha1/namespaces/${namespace}/componentworkflowruns?${query}`,
        { headers: { Authorization: `Bearer ${token}` } },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))),
          );
        },
      )
      .on('error', reject);
  });
}

/** Every run of `namespace` straight from the sandbox's API, in pages of 500 (what an informer does). */
export async function sandboxListMs(world: World, namespace: string) {
  const start = now();
  let items = 0;
  let continueToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500' });
    if (continueToken) query.set('continue', continueToken);
    const page = await sandboxRuns(world, namespace, query);
    items += page.items.length;
    continueToken = page.metadata.continue || undefined;
  } while (continueToken);
  return { ms: now() - start, items };
}

/**
 * The sandbox's own cost of one page of 50 runs of one component (a label selector) among all of
 * the organization's runs: it must stay small for the benchmark to measure the portal, not the
 * sandbox (its indexed lists, packages/openchoreo-sandbox/src/apiserver/typeIndex.ts).
 */
export async function sandboxComponentPage(world: World, namespace: string) {
  const [sample] = (
    await sandboxRuns(world, namespace, new URLSearchParams({ limit: '1' }))
  ).items;
  const component = sample?.metadata.labels?.['openchoreo.dev/component'];
  if (!component) throw new Error(`no labelled run in ${namespace}`);
  const query = new URLSearchParams({
    limit: '50',
    labelSelector: `openchoreo.dev/component=${component}`,
  });
  const times = await timed(20, async () => {
    const page = await sandboxRuns(world, namespace, query);
    if (page.items.length === 0) throw new Error('empty component page');
  });
  return { component, p50: percentile(times, 50) };
}

const firstPage = (api: string, namespace?: string) =>
  requestJson<RunListResponse>(
    `${api}/runs?limit=100${namespace ? `&namespace=${namespace}` : ''}`,
  );

const CHANGES_PER_SECOND = 10;
const CHANGING_MS = 5_000;

/**
 * First pages back to back for CHANGING_MS while CHANGES_PER_SECOND of the big org's runs change
 * (merge patches, each a MODIFIED): in a busy org a list request nearly always comes after some
 * change, and a change used to make the next page sort all 100,000 runs again.
 */
async function pagesWhileRunsChange(
  api: string,
  world: World,
): Promise<number[]> {
  const names = bigOrgRunNames(world, 200);
  let changes = 0;
  const patcher = setInterval(() => {
    changes += 1;
    touchRun(world, names[changes % names.length]);
  }, 1000 / CHANGES_PER_SECOND);
  const times: number[] = [];
  try {
    const start = now();
    while (now() - start < CHANGING_MS) {
      const pageStart = now();
      const page = await firstPage(api, BIG_ORG);
      times.push(now() - pageStart);
      if (page.body.items.length !== 100) throw new Error('short first page');
    }
  } finally {
    clearInterval(patcher);
  }
  return times;
}

/**
 * The list figures of one backend (or the load balancer in front of the replicas `backendPids`):
 * cold first list of the big organization beside the sandbox's own list, warm first pages, and
 * page 1,000 by cursor.
 */
export async function measureLists(
  label: string,
  api: string,
  world: World,
  print: Print,
  backendPids: number[],
): Promise<void> {
  const backends = backendPids.length;
  const direct = await sandboxListMs(world, BIG_ORG);
  if (!label) {
    const page = await sandboxComponentPage(world, BIG_ORG);
    print(
      `sandbox: page of 50 runs of one component`,
      `p50 ${ms(page.p50, 2)} (labelSelector openchoreo.dev/component=${
        page.component
      }, among ${direct.items.toLocaleString()} runs)`,
    );
  }
  const coldStart = now();
  const cold = await firstPage(api, BIG_ORG);
  const coldMs = now() - coldStart;
  if (cold.status !== 200) throw new Error(`GET /runs answered ${cold.status}`);
  print(
    `${label}cold first list (${BIG_ORG})`,
    `${ms(
      coldMs,
      0,
    )} (the sandbox lists its ${direct.items.toLocaleString()} runs in ${ms(
      direct.ms,
      0,
    )})`,
  );
  // Each backend lists each organization once before the warm figures: the load balancer sends
  // request k to replica k mod `backends`, so `backends` rounds of the four reach every replica
  // with every organization (otherwise a "warm" page could be a replica's cold list).
  for (let round = 0; round < backends; round += 1) {
    for (const org of [BIG_ORG, ...OTHER_ORGS]) await firstPage(api, org);
  }
  // The first lists set off each backend's run record writing every listed run (130,000 rows per
  // replica, into SQLite in the backend's own process or PostgreSQL): warm pages are timed once
  // that is done, as they are served in the steady state.
  print(`${label}warm pages timed after`, await settleBackends(backendPids));

  const warm = await timed(200, async () => {
    const page = await firstPage(api, BIG_ORG);
    if (page.body.items.length !== 100) throw new Error('short first page');
  });
  print(
    `${label}warm first page (${BIG_ORG})`,
    `p50 ${ms(percentile(warm, 50), 2)}, p95 ${ms(percentile(warm, 95), 2)}`,
  );
  const warmAll = await timed(100, async () => {
    await firstPage(api);
  });
  print(
    `${label}warm first page (all 4 orgs)`,
    `p50 ${ms(percentile(warmAll, 50), 2)}, p95 ${ms(
      percentile(warmAll, 95),
      2,
    )}`,
  );

  const changing = await pagesWhileRunsChange(api, world);
  print(
    `${label}warm first page, ${CHANGES_PER_SECOND} changes/s (${BIG_ORG})`,
    `p50 ${ms(percentile(changing, 50), 2)}, p95 ${ms(
      percentile(changing, 95),
      2,
    )}, p99 ${ms(percentile(changing, 99), 2)} (${changing.length} pages in ${
      CHANGING_MS / 1000
    } s)`,
  );

  // Page 1,000 by cursor: the 100,000th run.
  let cursor: string | undefined;
  let lastPageMs = 0;
  let seen = 0;
  let pages = 0;
  const walkStart = now();
  for (let page = 1; page <= 1000; page += 1) {
    pages = page;
    const start = now();
    const answer = await requestJson<RunListResponse>(
      `${api}/runs?namespace=${BIG_ORG}&limit=100${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`,
    );
    lastPageMs = now() - start;
    seen += answer.body.items.length;
    cursor = answer.body.nextCursor;
    if (!cursor) break;
  }
  print(
    `${label}page 1,000 by cursor`,
    `${ms(
      lastPageMs,
      2,
    )} (page ${pages.toLocaleString()} of 100, ${seen.toLocaleString()} runs walked, in ${ms(
      now() - walkStart,
      0,
    )})`,
  );
}

import { hex, isoSeconds, rng } from '../controller/argo/names';
import {
  chartClusterSecretStore,
  storeStatus,
} from '../controller/secretStore';
import { SEED_CATALOG } from './catalog';
import { DAY, SeedContext } from './context';
import { dockerDagTemplate } from './dockerDag';
import { gitopsReleaseTemplates } from './gitopsTemplates';
import { HistoryKind, seedHistoryRun } from './history';
import { seedNova } from './nova';
import { seedOrganization } from './organization';

export type { SeedContext } from './context';
export { OBSERVABILITY_PLANE } from './organization';

/**
 * The keys the GitOps guide's "Configure Secrets" step patches into the fake ClusterSecretStore
 * `default` (`kubectl patch clustersecretstore default --type=json …`), beside the chart's own. The
 * key acme's docker workflow asks for, `acme-registry-password`, is deliberately not among them:
 * its ExternalSecret stays not Ready until someone patches it in.
 */
const GUIDE_STORE_KEYS = [
  { key: 'git-token', value: 'ghp_sandbox_git_token' },
  { key: 'gitops-token', value: 'ghp_sandbox_gitops_token' },
];

/** Loads the demo organizations, build planes, workflows, components and run history. */
export function seed(ctx: SeedContext): void {
  const { control, build } = ctx;
  // The build-plane chart's fake store, installed and validated before the seeded history.
  const store = chartClusterSecretStore(GUIDE_STORE_KEYS);
  const installedMs = Date.now() - 31 * DAY;
  build.create(
    {
      ...store,
      metadata: {
        ...store.metadata,
        creationTimestamp: isoSeconds(installedMs),
      },
      status: storeStatus(store, new Date(installedMs)),
    },
    'clustersecretstores',
  );
  seedNova({
    control,
    build,
    observerUrl: ctx.observer.url,
    caPem: ctx.caPem,
  });
  if (ctx.api === 'v1') return;
  // The GitOps guide's ClusterWorkflowTemplates, before any run of their ComponentWorkflows.
  for (const template of gitopsReleaseTemplates())
    build.create(template, 'clusterworkflowtemplates');
  // The DAG template `default`'s docker-dag ComponentWorkflow runs.
  build.create(dockerDagTemplate(), 'clusterworkflowtemplates');
  const now = Date.now();
  for (const org of SEED_CATALOG.filter(o => o.generation === 'v0.9')) {
    seedOrganization(ctx, org, now);
    for (const c of org.components) {
      const random = rng(`${org.org}/${c.name}`);
      const history: Array<[HistoryKind, number]> = [
        ['expired', now - 3 * DAY - random() * 3600 * 1000],
        ['failed', now - 26 * 3600 * 1000 - random() * 3600 * 1000],
        ['succeeded', now - 2 * 3600 * 1000 - random() * 1800 * 1000],
        ['running', now],
      ];
      for (const [kind, createdMs] of history) {
        seedHistoryRun(
          ctx,
          org,
          c,
          kind,
          `${c.name}-workflow-${hex(random, 8)}`,
          Math.floor(createdMs),
          random,
        );
      }
    }
  }
}

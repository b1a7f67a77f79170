import type { Cluster } from '../apiserver/cluster';
import type { WorkflowRunner } from '../controller/argo/runner';
import type { ControlPlaneApi } from '../crds/v1';

/** What the seed writes with: both clusters, the workflow planner, and the addresses and credentials that go into planes. */
export interface SeedContext {
  control: Cluster;
  build: Cluster;
  runner: WorkflowRunner;
  ttlSeconds: number;
  /** `v1`: only nova, on the v1.2.3 API; `mixed`: the v0.9 organizations too. */
  api: ControlPlaneApi;
  buildPlaneUrl: string;
  observer: { url: string; username: string; password: string };
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

/** The v0.9 API group/version of the seeded OpenChoreo objects. */
export const OC = 'openchoreo.dev/v1alpha1';
export const DAY = 24 * 3600 * 1000;

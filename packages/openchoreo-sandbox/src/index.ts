/**
 * An embedded OpenChoreo control plane and build plane speaking the
 * Kubernetes API, for development, demos and end-to-end tests.
 *
 * @packageDocumentation
 */
export {
  startSandbox,
  FAST_SPEED,
  WEBHOOK_SECRET_NAMESPACE,
  WEBHOOK_SECRET_NAME,
  OBSERVER_AUDIENCE,
} from './sandbox';
export type {
  Sandbox,
  SandboxOptions,
  SandboxEndpoints,
  ObserverAuthMode,
} from './sandbox';
export type { ObserverAuthEndpoint } from './state';
export { SEED_CATALOG } from './seed/catalog';
export type { SeedOrg, SeedComponent } from './seed/catalog';
export type {
  BenchOrganizationOptions,
  RunHistoryOptions,
  RunHistory,
} from './seed/bulk';
export type { Cluster } from './apiserver/cluster';
export type { KObject } from './apiserver/types';
export { strictCrdValidator } from './crds/strictValidator';
export type { CrdSchema } from './crds/strictValidator';

import { toClusterError } from '../../kubernetes/kubernetesErrors';
import type { FactSources } from '../planeLookup';
import type { BuildPlaneReads } from '../planeReads';

/** What a plane behind the cluster gateway answers when its agent may not read `what`. */
export function forbidden(
  what: string,
  target = 'build plane default/default (via cluster gateway)',
) {
  return toClusterError(
    {
      code: 403,
      body: `{"kind":"Status","code":403,"message":"${what} is forbidden"}`,
    },
    target,
    what,
  );
}

function unexpected(what: string) {
  return () => {
    throw new Error(`unexpected read: ${what}`);
  };
}

/** Plane reads that fail the test when called, unless a test provides them. */
export function planeReads(
  overrides: Partial<BuildPlaneReads> = {},
): BuildPlaneReads {
  return {
    label: 'build plane default/default (via cluster gateway)',
    listWorkflowPods: async () => [],
    getPod: unexpected('getPod'),
    listPodEvents: unexpected('listPodEvents'),
    listExternalSecrets: async () => [],
    listExternalSecretFailures: async () => new Map(),
    readLogTail: unexpected('readLogTail'),
    ...overrides,
  };
}

/** Fact sources that fail the test when called, unless a test provides them. */
export function unexpectedSources(
  overrides: Partial<FactSources> = {},
): FactSources {
  return {
    listBuildPlanes: unexpected('listBuildPlanes'),
    getComponentWorkflow: unexpected('getComponentWorkflow'),
    modeOf: unexpected('modeOf'),
    buildPlaneReads: unexpected('buildPlaneReads'),
    findWorkflow: unexpected('findWorkflow'),
    findWorkflowPlane: unexpected('findWorkflowPlane'),
    workflowPlaneMode: unexpected('workflowPlaneMode'),
    workflowPlaneReads: unexpected('workflowPlaneReads'),
    ...overrides,
  };
}

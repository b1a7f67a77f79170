import type { Cluster } from '../apiserver/cluster';
import { ApiError } from '../apiserver/errors';
import type { KObject } from '../apiserver/types';

const RBAC_API = 'rbac.authorization.k8s.io/v1';

/** Creates `obj` unless it exists (`ensureResource`: AlreadyExists is success). */
function ensure(cluster: Cluster, obj: KObject, plural: string): void {
  try {
    cluster.create(obj, plural);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 409)) throw e;
  }
}

/**
 * `ensurePrerequisites` (`internal/controller/componentworkflowrun/run_engine.go@v0.9.0`):
 * before the run resource, the build plane gets its namespace, the service
 * account the Workflow runs as, a Role `<sa>-role` allowing Argo's
 * `workflowtaskresults`, and a RoleBinding `<sa>-role-binding`. The Role and
 * RoleBinding are only written when the build plane serves
 * `rbac.authorization.k8s.io` (the sandbox's API server may not).
 */
export function ensurePrerequisites(
  build: Cluster,
  namespace: string,
  serviceAccountName: string,
): void {
  ensure(
    build,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    'namespaces',
  );
  ensure(
    build,
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: serviceAccountName, namespace },
    },
    'serviceaccounts',
  );
  const servesRbac =
    !!build.registry.byKind(RBAC_API, 'Role') &&
    !!build.registry.byKind(RBAC_API, 'RoleBinding');
  if (!servesRbac) return;
  const roleName = `${serviceAccountName}-role`;
  ensure(
    build,
    {
      apiVersion: RBAC_API,
      kind: 'Role',
      metadata: { name: roleName, namespace },
      rules: [
        {
          apiGroups: ['argoproj.io'],
          resources: ['workflowtaskresults'],
          verbs: ['create', 'get', 'list', 'watch', 'update', 'patch'],
        },
      ],
    },
    'roles',
  );
  ensure(
    build,
    {
      apiVersion: RBAC_API,
      kind: 'RoleBinding',
      metadata: { name: `${serviceAccountName}-role-binding`, namespace },
      subjects: [
        { kind: 'ServiceAccount', name: serviceAccountName, namespace },
      ],
      roleRef: {
        kind: 'Role',
        name: roleName,
        apiGroup: 'rbac.authorization.k8s.io',
      },
    },
    'rolebindings',
  );
}

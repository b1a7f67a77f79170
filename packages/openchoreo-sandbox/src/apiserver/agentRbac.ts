/**
 * What OpenChoreo's cluster agent may do on its build plane: the v0.9 build-plane chart's ClusterRole
 * (`install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0`). Requests
 * through the cluster gateway run as that agent, so the build plane's API server authorizes them
 * with these rules: notably there is **no `events`** rule (a portal reading a stuck pod's events
 * through the gateway is refused, as on a real v0.9 cluster).
 */
interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const ALL = ['*'];

const AGENT_RULES: PolicyRule[] = [
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
    verbs: ALL,
  },
  {
    apiGroups: ['apps'],
    resources: ['deployments/scale', 'statefulsets/scale', 'replicasets/scale'],
    verbs: ['get', 'update', 'patch'],
  },
  {
    apiGroups: [''],
    resources: [
      'pods',
      'services',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'serviceaccounts',
      'namespaces',
      'endpoints',
    ],
    verbs: ALL,
  },
  {
    apiGroups: [''],
    resources: ['pods/log', 'pods/status'],
    verbs: ['get', 'list'],
  },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ALL },
  {
    apiGroups: ['networking.k8s.io'],
    resources: ['ingresses', 'networkpolicies'],
    verbs: ALL,
  },
  {
    apiGroups: ['rbac.authorization.k8s.io'],
    resources: ['roles', 'rolebindings'],
    verbs: ALL,
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: ALL,
  },
  {
    apiGroups: ['policy'],
    resources: ['poddisruptionbudgets'],
    verbs: ALL,
  },
  {
    apiGroups: ['cilium.io'],
    resources: ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies'],
    verbs: ALL,
  },
  {
    apiGroups: ['gateway.networking.k8s.io'],
    resources: ['gateways', 'httproutes', 'tcproutes', 'grpcroutes'],
    verbs: ALL,
  },
  {
    apiGroups: ['external-secrets.io'],
    resources: ['externalsecrets', 'secretstores', 'clustersecretstores'],
    verbs: ALL,
  },
  {
    apiGroups: ['argoproj.io'],
    resources: [
      'workflows',
      'workflowtemplates',
      'cronworkflows',
      'clusterworkflowtemplates',
    ],
    verbs: ALL,
  },
];

/** The agent's user name as the API server reports it in a Forbidden status. */
export const AGENT_USER =
  'system:serviceaccount:openchoreo-build-plane:cluster-agent';

/** Kubernetes RBAC matching: `*` or the exact group, resource (`pods/log`) and verb. */
export function agentMay(
  verb: string,
  group: string,
  resource: string,
): boolean {
  const has = (list: string[], value: string) =>
    list.includes('*') || list.includes(value);
  return AGENT_RULES.some(
    rule =>
      has(rule.apiGroups, group) &&
      has(rule.resources, resource) &&
      has(rule.verbs, verb),
  );
}

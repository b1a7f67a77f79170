import type { PolicyRule } from './authorization';

/**
 * The ServiceAccount OpenChoreo's cluster agent runs as on its build plane. Requests through the cluster
 * gateway act as that agent (the gateway hands over the agent's token). The v0.9 chart's default name
 * (`install/helm/openchoreo-build-plane/values.yaml@v0.9.0`: `clusterAgent.serviceAccount.name`).
 */
export const AGENT_SERVICE_ACCOUNT = {
  namespace: 'openchoreo-build-plane',
  name: 'cluster-agent-buildplane',
};

/**
 * The name of the agent's ClusterRole and of its ClusterRoleBinding: the chart's `clusterAgent.name`
 * (`install/helm/openchoreo-build-plane/values.yaml@v0.9.0`: `cluster-agent-buildplane`). It shows in
 * the reason of an allowed SelfSubjectAccessReview.
 */
export const AGENT_CLUSTER_ROLE = 'cluster-agent-buildplane';

const ALL = ['*'];

/**
 * What the cluster agent may do on its build plane: the v0.9 build-plane chart's ClusterRole
 * (`install/helm/openchoreo-build-plane/templates/cluster-agent/clusterrole.yaml@v0.9.0`). The build
 * plane's API server authorizes the agent with these rules (see authorization.ts): notably there is
 * **no `events`** rule (a portal reading a stuck pod's events through the gateway is refused, as on a
 * real v0.9 cluster).
 */
export const AGENT_CLUSTER_ROLE_RULES: PolicyRule[] = [
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

/**
 * English texts of a build plane's card on the Build planes page, merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `buildPlaneCard`.
 */
export const buildPlaneCardMessages = {
  buildPlaneCard: {
    mode: {
      agent: 'Agent (through the cluster gateway; logs are polled)',
      direct: "Direct (the plane's Kubernetes API)",
      unconfigured: 'Unconfigured (no way to reach it)',
    },
    kind: {
      BuildPlane: 'Build plane',
      WorkflowPlane: 'Workflow plane',
      ClusterWorkflowPlane: 'Workflow plane (cluster-scoped)',
    },
    target: {
      kubernetesApi: 'Kubernetes API',
      clusterGateway: 'Cluster gateway',
      observer: 'Observer',
    },
    observer: {
      none: 'None: archived logs are not available',
      observabilityPlane: 'observability plane {{ref}}',
      unknownUrl: 'unknown URL',
      fromInline: 'from the BuildPlane',
      fromObservabilityPlane: 'from its ObservabilityPlane',
      fromConfig: 'from the portal configuration',
      noAuthentication: 'no authentication',
      authentication: '{{method}} authentication',
      summary: '{{where}} ({{from}}; {{authentication}})',
    },
    agent: {
      planeId: 'plane ID {{id}}',
      stateUnknown: 'connection state unknown (reported from OpenChoreo v0.12)',
      notConnected: 'not connected',
      connected_one: 'connected ({{count}} agent)',
      connected_other: 'connected ({{count}} agents)',
      lastHeartbeat: 'last heartbeat {{time}}',
      noGateway: 'the portal has no cluster gateway URL configured',
    },
    checks: {
      checkedAt: 'Checked {{time}}',
      tableLabel: 'Reachability of {{name}}',
      target: 'Target',
      result: 'Result',
      probed: 'What was probed',
      details: 'Details',
      failed: 'The check could not run: {{message}}',
    },
    clusterScoped: '{{name}} (cluster-scoped, listed for {{namespace}})',
    checkNow: 'Check now',
    checking: 'Checking…',
    checkNowLabel: 'Check now: {{title}}',
    checkNowKindLabel: 'Check now: {{title}} ({{kind}})',
    modeChip: 'Mode: {{mode}}',
    generationChip: 'Generation: {{generation}}',
    active: 'Active for this organization',
    notUsed: 'Not used (not the first BuildPlane)',
    detailsLabel: 'Details of {{title}}',
    rows: {
      health: 'Health',
      connection: 'Connection',
      authentication: 'Authentication',
      apiServer: 'API server',
      agent: 'Agent',
      observer: 'Observer',
      capabilities: 'Capabilities',
      created: 'Created',
    },
    capabilities: {
      watch: 'watch',
      noWatch: 'no watch (polled)',
      follow: 'live log follow',
      polled: 'logs polled',
    },
  },
} as const;

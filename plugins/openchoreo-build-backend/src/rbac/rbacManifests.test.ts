import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '@openchoreo-build/sandbox';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import {
  exerciseBackend,
  ORGANIZATIONS,
} from './__testUtils__/exerciseBackend';
import {
  allowingGrant,
  expandPerOrganization,
  grantAllows,
  grantsOf,
  loadManifests,
  type Grant,
  type RbacObject,
} from './__testUtils__/rbacAuthorizer';
import { portOf, recordServerRequests } from './__testUtils__/recordRequests';
import {
  describeAttributes,
  requestAttributes,
  type RequestAttributes,
} from './__testUtils__/requestAttributes';

jest.setTimeout(180_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The shipped manifests: `plugins/openchoreo-build-backend/rbac/`. */
const RBAC_DIR = path.resolve(__dirname, '../../rbac');

const CONTROL_PLANE_FILES = [
  'control-plane.yaml',
  'control-plane-catalog.yaml',
];
const BUILD_PLANE_FILES = ['build-plane.yaml'];
const AGENT_FILES = ['build-plane-agent.yaml'];

const PORTAL = {
  kind: 'ServiceAccount',
  name: 'openchoreo-build-portal',
  namespace: 'backstage',
} as const;
const BUILD_PLANE_IDENTITY = {
  kind: 'ServiceAccount',
  name: 'openchoreo-build-portal',
  namespace: 'openchoreo-build-plane',
} as const;

/**
 * What the catalog module (`plugins/catalog-backend-module-openchoreo-build`,
 * `controlPlane/ControlPlaneReader.ts`) asks of the control plane. It is another package, so this
 * test cannot run it; its rules are checked against this list in both directions.
 */
const CATALOG_MODULE_REQUESTS: RequestAttributes[] = [
  ...['projects', 'components'].flatMap(resource =>
    ['list', 'watch'].map(verb => ({
      kind: 'resource' as const,
      verb,
      apiGroup: 'openchoreo.dev',
      resource,
    })),
  ),
  {
    kind: 'resource',
    verb: 'list',
    apiGroup: 'openchoreo.dev',
    resource: 'buildplanes',
  },
];

/**
 * Granted permissions the sandbox scenario cannot make the backend use, each with the reason it is
 * still needed. Keyed `<cluster>: <verb> <group>/<resource>`; an entry that the scenario does use
 * fails the test, so the list only shrinks.
 */
const NOT_EXERCISED: Record<string, string> = {
  'control plane: get openchoreo.dev/componenttypes':
    "controlplane/ControlPlaneV1.ts reads a namespaced ComponentType when a v1 Component's type names one; the seed's Components use ClusterComponentTypes",
  'build plane: get core/pods':
    'logs/stepPod.ts and diagnosis/planeReads.ts read a pod by its computed name when the plane refuses to list pods; the sandbox always lists them',
  'build plane: get argoproj.io/workflowtemplates':
    'runs/RunArchiveService.ts reads a namespaced WorkflowTemplate for an expired run whose ComponentWorkflow references one; the seed references ClusterWorkflowTemplates only',
};

const WILDCARD_FIELDS = [
  'verbs',
  'apiGroups',
  'resources',
  'resourceNames',
  'nonResourceURLs',
] as const;

type ResourceRequest = Extract<RequestAttributes, { kind: 'resource' }>;

/** `<verb> <group>/<resource>` of every verb × group × resource a grant names. */
function permissionsOf(grant: Grant): ResourceRequest[] {
  const { rule } = grant;
  return rule.verbs.flatMap(verb =>
    (rule.apiGroups ?? []).flatMap(apiGroup =>
      (rule.resources ?? []).map(resource => ({
        kind: 'resource' as const,
        verb,
        apiGroup,
        resource,
      })),
    ),
  );
}

function permissionKey(cluster: string, attributes: RequestAttributes): string {
  if (attributes.kind === 'nonResource')
    return `${cluster}: ${attributes.verb} ${attributes.path}`;
  const group = attributes.apiGroup === '' ? 'core' : attributes.apiGroup;
  return `${cluster}: ${attributes.verb} ${group}/${attributes.resource}`;
}

/** The requests no grant allows, as readable lines. */
function refused(grants: Grant[], requests: RequestAttributes[]): string[] {
  return [
    ...new Set(
      requests
        .filter(request => !allowingGrant(grants, request))
        .map(describeAttributes),
    ),
  ].sort();
}

/**
 * The granted permissions no request used and NOT_EXERCISED does not explain. A rule counts as
 * used when any of its bindings allowed a request with it: a per-organization binding grants the
 * rules of both API generations in every organization, and each organization uses one.
 */
function unused(
  cluster: string,
  grants: Grant[],
  requests: RequestAttributes[],
): string[] {
  const rules = new Set(grants.map(grant => grant.rule));
  const lines = [...rules].flatMap(rule => {
    const bindings = grants.filter(grant => grant.rule === rule);
    return permissionsOf(bindings[0])
      .filter(
        permission =>
          !requests.some(
            request =>
              request.kind === 'resource' &&
              request.verb === permission.verb &&
              request.apiGroup === permission.apiGroup &&
              request.resource === permission.resource &&
              bindings.some(grant => grantAllows(grant, request)),
          ),
      )
      .map(permission => permissionKey(cluster, permission))
      .filter(key => !(key in NOT_EXERCISED));
  });
  return [...new Set(lines)].sort();
}

describe('RBAC manifests (rbac/*.yaml)', () => {
  const all = loadManifests(RBAC_DIR, [
    ...CONTROL_PLANE_FILES,
    ...BUILD_PLANE_FILES,
    ...AGENT_FILES,
  ]);
  const controlPlane = expandPerOrganization(
    loadManifests(RBAC_DIR, CONTROL_PLANE_FILES),
    ORGANIZATIONS,
  );
  const buildPlane = expandPerOrganization(
    loadManifests(RBAC_DIR, BUILD_PLANE_FILES),
    ORGANIZATIONS,
  );

  it('ships every manifest file the test reads, and nothing else', () => {
    expect(
      fs
        .readdirSync(RBAC_DIR)
        .filter(file => file.endsWith('.yaml'))
        .sort(),
    ).toEqual(
      [...CONTROL_PLANE_FILES, ...BUILD_PLANE_FILES, ...AGENT_FILES].sort(),
    );
  });

  it('grant no wildcard, name every verb and refer only to roles they define', () => {
    const kinds = new Set([
      'ServiceAccount',
      'Role',
      'ClusterRole',
      'RoleBinding',
      'ClusterRoleBinding',
    ]);
    expect(all.filter(o => !kinds.has(o.kind)).map(o => o.kind)).toEqual([]);
    const rules = all.flatMap((o: RbacObject) => o.rules ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      for (const field of WILDCARD_FIELDS) {
        expect(rule[field] ?? []).not.toContain('*');
      }
      expect(rule.verbs.length).toBeGreaterThan(0);
      for (const verb of rule.verbs) {
        expect([
          'get',
          'list',
          'watch',
          'create',
          'patch',
          'update',
          'delete',
          'deletecollection',
        ]).toContain(verb);
      }
    }
    // grantsOf throws for a binding whose role the manifests do not define.
    for (const objects of [controlPlane, buildPlane]) {
      for (const binding of objects.filter(o => o.subjects)) {
        for (const subject of binding.subjects!) {
          expect(() =>
            grantsOf(objects, {
              kind: subject.kind as 'ServiceAccount',
              name: subject.name,
              namespace: subject.namespace,
            }),
          ).not.toThrow();
        }
      }
    }
  });

  it("grant the catalog module's requests, and nothing more in its role", () => {
    const catalogGrants = grantsOf(controlPlane, PORTAL).filter(grant =>
      grant.via.endsWith('ClusterRole/openchoreo-build-portal-catalog'),
    );
    expect(refused(catalogGrants, CATALOG_MODULE_REQUESTS)).toEqual([]);
    const extra = catalogGrants
      .flatMap(permissionsOf)
      .filter(
        permission =>
          !CATALOG_MODULE_REQUESTS.some(
            request =>
              permissionKey('', request) === permissionKey('', permission),
          ),
      );
    expect(extra.map(p => permissionKey('control plane', p))).toEqual([]);
  });

  describe('against every request the backend makes on the sandbox', () => {
    let sandbox: Sandbox;
    let stateDir: string;
    const controlPlaneRequests: RequestAttributes[] = [];
    const buildPlaneRequests: RequestAttributes[] = [];

    beforeAll(async () => {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-build-rbac-'));
      // Realistic speed: a run started here is still running when it is cancelled.
      sandbox = await startSandbox({ portBase: 0, stateDir });
      const recorder = recordServerRequests();
      try {
        const { server } = await startTestBackend({
          features: [
            catalogWith(exampleEntities()),
            openchoreoBuildPlugin,
            mockServices.permissions.factory({
              result: AuthorizeResult.ALLOW,
            }),
            mockServices.rootConfig.factory({
              data: sandboxPluginConfig(sandbox, {
                namespaces: ORGANIZATIONS,
                // nova's ObservabilityPlanes name the sandbox's plain-http observer.
                allowInsecureBuildPlanes: true,
              }),
            }),
          ],
        });
        const { port } = server.address() as { port: number };
        await exerciseBackend(
          sandbox,
          `http://127.0.0.1:${port}/api/openchoreo-build`,
        );
      } finally {
        recorder.stop();
      }
      const { controlPlane: cp, buildPlane: bp } = sandbox.endpoints;
      for (const request of recorder.requests) {
        const attributes = requestAttributes(request.method, request.url);
        // Both direct requests (mTLS) and the cluster gateway's (as the agent) reach the build
        // plane's API server; the gateway's own port only carries them there.
        if (request.port === portOf(cp.url))
          controlPlaneRequests.push(attributes);
        if (request.port === portOf(bp.url))
          buildPlaneRequests.push(attributes);
      }
    });
    afterAll(async () => {
      await sandbox?.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    it('reached both clusters in every organization', () => {
      const namespaces = (requests: RequestAttributes[]) =>
        new Set(
          requests.flatMap(r => (r.kind === 'resource' && r.namespace) || []),
        );
      for (const org of ORGANIZATIONS) {
        expect(namespaces(controlPlaneRequests)).toContain(org);
      }
      expect([...namespaces(buildPlaneRequests)].sort()).toEqual([
        'openchoreo-ci-acme',
        'openchoreo-ci-default',
        'openchoreo-ci-platform',
        'workflows-nova',
      ]);
    });

    it('control-plane.yaml grants the control-plane identity every request the backend made', () => {
      expect(
        refused(grantsOf(controlPlane, PORTAL), controlPlaneRequests),
      ).toEqual([]);
    });

    it('build-plane.yaml grants the build-plane identity every request the backend made', () => {
      expect(
        refused(grantsOf(buildPlane, BUILD_PLANE_IDENTITY), buildPlaneRequests),
      ).toEqual([]);
    });

    it('grants nothing the backend did not use, except what NOT_EXERCISED explains', () => {
      const portalGrants = grantsOf(controlPlane, PORTAL).filter(
        grant =>
          !grant.via.endsWith('ClusterRole/openchoreo-build-portal-catalog'),
      );
      expect([
        ...unused('control plane', portalGrants, controlPlaneRequests),
        ...unused(
          'build plane',
          grantsOf(buildPlane, BUILD_PLANE_IDENTITY),
          buildPlaneRequests,
        ),
      ]).toEqual([]);
      const used = new Set([
        ...controlPlaneRequests.map(r => permissionKey('control plane', r)),
        ...buildPlaneRequests.map(r => permissionKey('build plane', r)),
      ]);
      expect(Object.keys(NOT_EXERCISED).filter(key => used.has(key))).toEqual(
        [],
      );
    });
  });
});

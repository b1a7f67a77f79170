import {
  Harness,
  pem,
  RawResponse,
  rawRequest,
  startHarness,
} from '../__testUtils__/harness';
import { ApiResource, KStatus } from '../__testUtils__/types';
import type {
  SelfSubjectAccessReview,
  SelfSubjectReview,
  SelfSubjectRulesReview,
} from './accessReview';

jest.setTimeout(60000);

const AUTHZ = 'apis/authorization.k8s.io/v1';
const SSAR = `${AUTHZ}/selfsubjectaccessreviews`;
const SSRR = `${AUTHZ}/selfsubjectrulesreviews`;
const SSR = 'apis/authentication.k8s.io/v1/selfsubjectreviews';
const BUILD_NS = 'openchoreo-ci-default';
/** The v0.9 plane of the seed, through the cluster gateway: its requests act as the cluster agent. */
const AGENT_BASE =
  'buildplane/shared-builder/platform/platform-build-plane/k8s';

type Identity = 'admin' | 'viewer' | 'agent' | 'mtls';

/**
 * Self reviews against the build plane as each of its four identities: the admin and read-only tokens, the
 * sandbox's client certificate (mTLS) and the cluster agent's ServiceAccount (through the cluster gateway).
 */
describe('self reviews (kubectl auth can-i, can-i --list, whoami)', () => {
  let h: Harness;
  let tls: { ca: string; cert: string; key: string };

  beforeAll(async () => {
    h = await startHarness({ seed: true });
    const gw = h.sandbox.endpoints.clusterGateway;
    tls = {
      ca: pem(gw.caData),
      cert: pem(gw.clientCertData),
      key: pem(gw.clientKeyData),
    };
  });
  afterAll(() => h.close());

  function request(
    who: Identity,
    path: string,
    options: { method?: string; body?: unknown } = {},
  ): Promise<RawResponse> {
    const { buildPlane, clusterGateway } = h.sandbox.endpoints;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
    };
    const init = {
      method: options.method ?? (options.body ? 'POST' : 'GET'),
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      ca: tls.ca,
    };
    switch (who) {
      case 'admin':
        headers.Authorization = `Bearer ${buildPlane.token}`;
        return rawRequest(`${buildPlane.url}/${path}`, init);
      case 'viewer':
        headers.Authorization = `Bearer ${buildPlane.readOnlyToken}`;
        return rawRequest(`${buildPlane.url}/${path}`, init);
      case 'mtls':
        return rawRequest(`${buildPlane.url}/${path}`, {
          ...init,
          cert: tls.cert,
          key: tls.key,
        });
      default:
        return rawRequest(
          `${clusterGateway.url}/api/proxy/${AGENT_BASE}/${path}`,
          { ...init, cert: tls.cert, key: tls.key },
        );
    }
  }

  async function created<T>(
    who: Identity,
    path: string,
    body: unknown,
  ): Promise<T> {
    const res = await request(who, path, { body });
    if (res.status !== 201)
      throw new Error(
        `expected 201 from ${path}, got ${res.status}: ${res.body}`,
      );
    return JSON.parse(res.body) as T;
  }

  /** `kubectl auth can-i VERB RESOURCE[/SUBRESOURCE] -n NS` as one identity. */
  async function canI(
    who: Identity,
    resourceAttributes: Record<string, string>,
  ): Promise<SelfSubjectAccessReview['status']> {
    const review = await created<SelfSubjectAccessReview>(who, SSAR, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: { resourceAttributes },
    });
    return review.status;
  }

  it('lists the reviews in discovery as cluster-scoped, create-only types', async () => {
    const groups = JSON.parse((await request('viewer', 'apis')).body) as {
      groups: Array<{ name: string; preferredVersion: { version: string } }>;
    };
    expect(groups.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'authorization.k8s.io',
          preferredVersion: expect.objectContaining({ version: 'v1' }),
        }),
        expect.objectContaining({ name: 'authentication.k8s.io' }),
      ]),
    );
    const authz = JSON.parse((await request('agent', AUTHZ)).body) as {
      resources: ApiResource[];
    };
    expect(authz.resources).toEqual([
      {
        name: 'selfsubjectaccessreviews',
        singularName: 'selfsubjectaccessreview',
        namespaced: false,
        kind: 'SelfSubjectAccessReview',
        verbs: ['create'],
      },
      {
        name: 'selfsubjectrulesreviews',
        singularName: 'selfsubjectrulesreview',
        namespaced: false,
        kind: 'SelfSubjectRulesReview',
        verbs: ['create'],
      },
    ]);
    const authn = JSON.parse(
      (await request('viewer', 'apis/authentication.k8s.io/v1')).body,
    ) as { resources: ApiResource[] };
    expect(authn.resources.map(r => [r.name, r.kind, r.verbs])).toEqual([
      ['selfsubjectreviews', 'SelfSubjectReview', ['create']],
    ]);
    // kubectl reads OpenAPI v3 per group-version: only `post` on the collection, no object path.
    const openapi = JSON.parse(
      (await request('admin', `openapi/v3/${AUTHZ}`)).body,
    ) as { paths: Record<string, Record<string, unknown>> };
    expect(
      Object.keys(
        openapi.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'],
      ),
    ).toEqual(['post']);
    expect(
      openapi.paths[
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'
      ],
    ).toBeUndefined();
  });

  it('answers a SelfSubjectAccessReview with 201 and the review, its status filled in', async () => {
    const res = await request('admin', SSAR, {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            namespace: BUILD_NS,
            verb: 'create',
            resource: 'secrets',
            group: '',
          },
        },
      },
    });
    expect(res.status).toBe(201);
    // selfsubjectaccessreview/rest.go: the decoded review comes back with `status`; system:masters has no reason.
    expect(JSON.parse(res.body)).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: {
          namespace: BUILD_NS,
          verb: 'create',
          resource: 'secrets',
        },
      },
      status: { allowed: true },
    });
  });

  it('answers can-i for each identity as its RBAC says', async () => {
    const secrets = {
      namespace: BUILD_NS,
      verb: 'create',
      resource: 'secrets',
    };
    expect((await canI('admin', secrets)).allowed).toBe(true);
    expect((await canI('mtls', secrets)).allowed).toBe(true);
    expect(await canI('viewer', secrets)).toEqual({ allowed: false });
    expect(await canI('agent', secrets)).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "cluster-agent-buildplane" of ClusterRole "cluster-agent-buildplane" to ServiceAccount "cluster-agent-buildplane/openchoreo-build-plane"',
    });

    const podLog = {
      namespace: BUILD_NS,
      verb: 'get',
      resource: 'pods',
      subresource: 'log',
    };
    expect((await canI('agent', podLog)).allowed).toBe(true);
    expect((await canI('viewer', podLog)).allowed).toBe(true);
    const events = { namespace: BUILD_NS, verb: 'list', resource: 'events' };
    expect((await canI('agent', events)).allowed).toBe(false);
    expect((await canI('viewer', events)).allowed).toBe(true);
    const workflows = {
      namespace: BUILD_NS,
      verb: 'delete',
      group: 'argoproj.io',
      resource: 'workflows',
    };
    expect((await canI('agent', workflows)).allowed).toBe(true);
    expect((await canI('viewer', workflows)).allowed).toBe(false);
    const runs = {
      namespace: 'default',
      verb: 'list',
      group: 'openchoreo.dev',
      resource: 'componentworkflowruns',
    };
    expect((await canI('agent', runs)).allowed).toBe(false);
    expect((await canI('viewer', runs)).allowed).toBe(true);

    // kubectl auth can-i get /healthz: a non-resource review.
    const healthz = await created<SelfSubjectAccessReview>('viewer', SSAR, {
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' } },
    });
    expect(healthz.status.allowed).toBe(true);
    expect(healthz.spec).toEqual({
      nonResourceAttributes: { path: '/healthz', verb: 'get' },
    });
  });

  it('refuses a SelfSubjectAccessReview without exactly one kind of attributes (422) and one that is no review (400)', async () => {
    const none = await request('viewer', SSAR, { body: { spec: {} } });
    expect(none.status).toBe(422);
    expect(JSON.parse(none.body) as KStatus).toMatchObject({
      reason: 'Invalid',
      message:
        'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
      details: { causes: [{ field: 'spec.resourceAttributes' }] },
    });
    const both = await request('viewer', SSAR, {
      body: {
        spec: {
          resourceAttributes: { verb: 'get', resource: 'pods' },
          nonResourceAttributes: { verb: 'get', path: '/version' },
        },
      },
    });
    expect(both.status).toBe(422);
    expect((JSON.parse(both.body) as KStatus).message).toContain(
      'spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:"/version", Verb:"get"}: cannot be specified in combination with resourceAttributes',
    );
    const named = await request('viewer', SSAR, {
      body: {
        metadata: { name: 'mine' },
        spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
      },
    });
    expect(named.status).toBe(422);
    expect((JSON.parse(named.body) as KStatus).message).toContain(
      'metadata: Invalid value: {"name":"mine"}: must be empty',
    );
    const wrongKind = await request('viewer', SSAR, {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'Pod' },
    });
    expect(wrongKind.status).toBe(400);
    expect((JSON.parse(wrongKind.body) as KStatus).message).toBe(
      "not a SelfSubjectAccessReview: the body's kind is Pod",
    );
    const badVerb = await request('viewer', SSAR, {
      body: { spec: { resourceAttributes: { verb: 7, resource: 'pods' } } },
    });
    expect(badVerb.status).toBe(400);
    expect((JSON.parse(badVerb.body) as KStatus).message).toBe(
      'SelfSubjectAccessReview in version "v1" cannot be handled as a SelfSubjectAccessReview: spec.resourceAttributes.verb must be a string, not a number',
    );
  });

  it('lists the rules of each identity (kubectl auth can-i --list)', async () => {
    const body = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      spec: { namespace: BUILD_NS },
    };
    const viewer = await created<SelfSubjectRulesReview>('viewer', SSRR, body);
    // selfsubjectrulesreview/rest.go: a new object with the status only (the spec is not echoed).
    expect(viewer).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: { creationTimestamp: null },
      spec: {},
      status: { incomplete: false },
    });
    expect(viewer.status.resourceRules).toEqual(
      expect.arrayContaining([
        { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] },
        {
          verbs: ['create'],
          apiGroups: ['authorization.k8s.io'],
          resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
        },
      ]),
    );
    expect(viewer.status.nonResourceRules).toContainEqual({
      verbs: ['get'],
      nonResourceURLs: [
        '/healthz',
        '/livez',
        '/readyz',
        '/version',
        '/version/',
      ],
    });

    const agent = await created<SelfSubjectRulesReview>('agent', SSRR, body);
    const agentResources = agent.status.resourceRules.flatMap(
      r => r.resources ?? [],
    );
    expect(agentResources).toEqual(
      expect.arrayContaining(['pods/log', 'secrets', 'workflows']),
    );
    expect(agentResources).not.toContain('events');

    const admin = await created<SelfSubjectRulesReview>('mtls', SSRR, body);
    expect(admin.status.resourceRules).toContainEqual({
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    });

    const noNamespace = await request('viewer', SSRR, { body: { spec: {} } });
    expect(noNamespace.status).toBe(400);
    expect((JSON.parse(noNamespace.body) as KStatus).message).toBe(
      'no namespace on request',
    );
  });

  it('tells each identity who it is (kubectl auth whoami)', async () => {
    const body = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    };
    const whoami = async (who: Identity) =>
      (await created<SelfSubjectReview>(who, SSR, body)).status.userInfo;
    expect(await whoami('admin')).toEqual({
      username: 'sandbox-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
    expect(await whoami('viewer')).toEqual({
      username: 'sandbox-viewer',
      groups: ['system:authenticated'],
    });
    expect(await whoami('agent')).toEqual({
      username:
        'system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:openchoreo-build-plane',
        'system:authenticated',
      ],
    });
    // x509.go: CommonNameUserConversion — the client certificate's CN and O.
    expect(await whoami('mtls')).toEqual({
      username: 'openchoreo-build-agent',
      groups: ['system:masters', 'system:authenticated'],
    });
    // selfsubjectreview/rest.go stamps the answer with the time of the request.
    const review = await created<SelfSubjectReview>('viewer', SSR, body);
    expect(review.metadata.creationTimestamp).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it('neither lists nor gets a review: 405 on the collection, 404 for a name, 403 first where RBAC says so', async () => {
    const list = await request('admin', SSAR);
    expect(list.status).toBe(405);
    expect((JSON.parse(list.body) as KStatus).reason).toBe('MethodNotAllowed');
    expect((await request('viewer', SSR)).status).toBe(405);
    expect((await request('admin', `${SSAR}/anything`)).status).toBe(404);
    expect(
      (await request('admin', `${SSRR}/anything`, { method: 'DELETE' })).status,
    ).toBe(404);
    // The agent's ClusterRole has no `list` on the reviews: authorization comes before the handler.
    const agentList = await request('agent', SSAR);
    expect(agentList.status).toBe(403);
    expect((JSON.parse(agentList.body) as KStatus).message).toBe(
      'selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane" cannot list resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    );
    // Nothing was stored: the build plane keeps no review objects.
    expect(
      h.sandbox.buildPlane.store.list(
        'authorization.k8s.io/selfsubjectaccessreviews',
      ),
    ).toEqual([]);
  });

  it('serves the reviews on the control plane too', async () => {
    const { controlPlane } = h.sandbox.endpoints;
    const res = await rawRequest(`${controlPlane.url}/${SSR}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${controlPlane.readOnlyToken}`,
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(201);
    expect(
      (JSON.parse(res.body) as SelfSubjectReview).status.userInfo.username,
    ).toBe('sandbox-viewer');
  });
});

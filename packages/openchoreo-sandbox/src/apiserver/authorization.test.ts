import { X509Certificate } from 'node:crypto';
import { createPki } from '../tls/ca';
import {
  ADMIN_USER,
  AGENT_USER,
  authorize,
  clientCertificateUser,
  forbidden,
  ResourceAttributes,
  rulesFor,
  VIEWER_USER,
} from './authorization';

const BUILD_NS = 'openchoreo-ci-default';

function resource(
  verb: string,
  group: string,
  plural: string,
  extra: Partial<ResourceAttributes> = {},
): ResourceAttributes {
  return { verb, group, resource: plural, namespace: BUILD_NS, ...extra };
}

describe('the sandbox authorizer', () => {
  it('reports each identity as kube-apiserver does (kubectl auth whoami)', () => {
    expect(ADMIN_USER).toEqual({
      username: 'sandbox-admin',
      groups: ['system:masters', 'system:authenticated'],
    });
    expect(VIEWER_USER).toEqual({
      username: 'sandbox-viewer',
      groups: ['system:authenticated'],
    });
    // serviceaccount/util.go: the user name and the two ServiceAccount groups.
    expect(AGENT_USER).toEqual({
      username:
        'system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane',
      groups: [
        'system:serviceaccounts',
        'system:serviceaccounts:openchoreo-build-plane',
        'system:authenticated',
      ],
    });
  });

  it('lets system:masters do anything, with no reason (the privileged group authorizer)', () => {
    for (const attributes of [
      resource('create', '', 'secrets'),
      resource('delete', 'argoproj.io', 'workflows'),
      resource('list', '', 'events'),
      resource('*', '*', '*'),
      { verb: 'post', path: '/anything' },
    ])
      expect(authorize(ADMIN_USER, attributes)).toEqual({
        allowed: true,
        reason: '',
      });
  });

  it('gives the viewer get, list and watch on every type (pods/log included) and nothing else', () => {
    for (const verb of ['get', 'list', 'watch'])
      expect(
        authorize(VIEWER_USER, resource(verb, 'openchoreo.dev', 'components')),
      ).toEqual({
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "sandbox-viewer" of ClusterRole "sandbox-viewer" to User "sandbox-viewer"',
      });
    expect(
      authorize(
        VIEWER_USER,
        resource('get', '', 'pods', { subresource: 'log', name: 'p' }),
      ).allowed,
    ).toBe(true);
    for (const verb of ['create', 'update', 'patch', 'delete', '*'])
      expect(authorize(VIEWER_USER, resource(verb, '', 'secrets'))).toEqual({
        allowed: false,
        reason: '',
      });
  });

  it('authorizes the agent with the v0.9 agent ClusterRole: no events, pods/log get but not create', () => {
    const allowed = (a: ResourceAttributes) => authorize(AGENT_USER, a).allowed;
    expect(allowed(resource('list', '', 'events'))).toBe(false);
    expect(allowed(resource('get', '', 'pods', { subresource: 'log' }))).toBe(
      true,
    );
    expect(
      allowed(resource('create', '', 'pods', { subresource: 'log' })),
    ).toBe(false);
    expect(allowed(resource('create', '', 'secrets'))).toBe(true);
    expect(allowed(resource('*', 'argoproj.io', 'workflows'))).toBe(true);
    // The rule is for apps; the same plural in another group is not covered.
    expect(allowed(resource('get', 'extensions', 'deployments'))).toBe(false);
    expect(allowed(resource('list', 'openchoreo.dev', 'components'))).toBe(
      false,
    );
    expect(authorize(AGENT_USER, resource('get', '', 'secrets'))).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "cluster-agent-buildplane" of ClusterRole "cluster-agent-buildplane" to ServiceAccount "cluster-agent-buildplane/openchoreo-build-plane"',
    });
  });

  it('lets every authenticated user create the self reviews and read the discovery and health paths', () => {
    for (const user of [VIEWER_USER, AGENT_USER]) {
      expect(
        authorize(
          user,
          resource(
            'create',
            'authorization.k8s.io',
            'selfsubjectaccessreviews',
            {
              namespace: undefined,
            },
          ),
        ),
      ).toEqual({
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
      });
      expect(
        authorize(user, {
          verb: 'create',
          group: 'authentication.k8s.io',
          resource: 'selfsubjectreviews',
        }).allowed,
      ).toBe(true);
      expect(authorize(user, { verb: 'get', path: '/healthz' })).toEqual({
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
      });
      expect(
        authorize(user, { verb: 'get', path: '/apis/argoproj.io/v1alpha1' })
          .allowed,
      ).toBe(true);
      expect(authorize(user, { verb: 'post', path: '/healthz' }).allowed).toBe(
        false,
      );
      expect(authorize(user, { verb: 'get', path: '/metrics' }).allowed).toBe(
        false,
      );
    }
  });

  it('lists the rules that apply, split into resource and non-resource rules (SelfSubjectRulesReview)', () => {
    const admin = rulesFor(ADMIN_USER);
    expect(admin.resourceRules).toContainEqual({
      verbs: ['*'],
      apiGroups: ['*'],
      resources: ['*'],
    });
    expect(admin.nonResourceRules).toContainEqual({
      verbs: ['*'],
      nonResourceURLs: ['*'],
    });
    const viewer = rulesFor(VIEWER_USER);
    expect(viewer.resourceRules).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: ['*'],
      resources: ['*'],
    });
    expect(viewer.resourceRules.flatMap(r => r.verbs)).not.toContain('*');
    const agent = rulesFor(AGENT_USER);
    expect(agent.resourceRules).toContainEqual({
      verbs: ['get', 'list'],
      apiGroups: [''],
      resources: ['pods/log', 'pods/status'],
    });
    expect(agent.resourceRules.flatMap(r => r.resources)).not.toContain(
      'events',
    );
    expect(agent.nonResourceRules.flatMap(r => r.nonResourceURLs)).toContain(
      '/version',
    );
  });

  it('words a refusal as the API server does, for resources and for paths', () => {
    expect(
      forbidden(AGENT_USER, resource('list', '', 'events')).toStatus(),
    ).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'events is forbidden: User "system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane" cannot list resource "events" in API group "" in the namespace "openchoreo-ci-default"',
    });
    expect(
      forbidden(VIEWER_USER, {
        verb: 'patch',
        group: 'openchoreo.dev',
        resource: 'componentworkflowruns',
        subresource: 'status',
      }).message,
    ).toBe(
      'componentworkflowruns.openchoreo.dev is forbidden: User "sandbox-viewer" cannot patch resource "componentworkflowruns/status" in API group "openchoreo.dev" at the cluster scope',
    );
    expect(
      forbidden(
        AGENT_USER,
        resource('create', '', 'pods', { subresource: 'log', name: 'p' }),
      ).toStatus(),
    ).toMatchObject({
      message:
        'pods "p" is forbidden: User "system:serviceaccount:openchoreo-build-plane:cluster-agent-buildplane" cannot create resource "pods/log" in API group "" in the namespace "openchoreo-ci-default"',
      details: { group: '', kind: 'pods', name: 'p' },
    });
    expect(
      forbidden(VIEWER_USER, { verb: 'post', path: '/version' }).message,
    ).toBe('forbidden: User "sandbox-viewer" cannot post path "/version"');
  });

  it('takes a client certificate user from its CN and O values, and stays privileged for the sandbox certificate', () => {
    const pki = createPki();
    const user = clientCertificateUser(new X509Certificate(pki.client.certPem));
    expect(user).toEqual({
      username: 'openchoreo-build-agent',
      groups: ['system:masters', 'system:authenticated'],
    });
    expect(authorize(user!, resource('delete', '', 'secrets')).allowed).toBe(
      true,
    );
    // The server certificate has a CN but no O: a plain authenticated user, allowed only the defaults.
    const server = clientCertificateUser(
      new X509Certificate(pki.server.certPem),
    );
    expect(server).toEqual({
      username: 'openchoreo-sandbox',
      groups: ['system:authenticated'],
    });
    expect(authorize(server!, resource('get', '', 'secrets')).allowed).toBe(
      false,
    );
  });
});

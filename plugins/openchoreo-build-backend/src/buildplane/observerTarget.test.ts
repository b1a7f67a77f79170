import type {
  BuildPlane,
  ObservabilityPlane,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ObserverConfig } from '../observer/observerConfig';
import {
  ObserverResolver,
  type ObservabilityPlaneSource,
} from './observerTarget';

const strict = { allowInsecure: false };
const lax = { allowInsecure: true };

function plane(spec: BuildPlane['spec']): BuildPlane {
  return { metadata: { name: 'bp', namespace: 'acme' }, spec };
}

/** A control plane holding the given ObservabilityPlanes, counting reads. */
function planes(objects: Record<string, ObservabilityPlane>) {
  const reads: string[] = [];
  const source: ObservabilityPlaneSource = {
    async findObservabilityPlane(kind, namespace, name) {
      const key =
        kind === 'ClusterObservabilityPlane'
          ? `cluster/${name}`
          : `${namespace}/${name}`;
      reads.push(key);
      return objects[key];
    },
  };
  return { source, reads };
}

const observability = (observerURL?: string): ObservabilityPlane => ({
  metadata: { name: 'default', namespace: 'acme' },
  spec: { observerURL },
});

const jwtConfig: ObserverConfig = {
  url: 'https://fallback.example',
  auth: {
    type: 'jwt',
    tokenUrl: 'https://idp.example/token',
    clientId: 'portal',
    clientSecret: 's3cret-value',
    clientAuthMethod: 'client_secret_basic',
  },
};

// The resolution order is upstream's GetBuildObserverURL
// (internal/openchoreo-api/services/component_service.go@v0.9.0): BuildPlane →
// observabilityPlaneRef → ObservabilityPlane in the same namespace → spec.observerURL.
describe('ObserverResolver: which observer serves an org', () => {
  it('uses the inline v0.3–v0.7 observer with its own basic auth before anything else', async () => {
    const { source, reads } = planes({
      'acme/default': observability('https://obs.acme'),
    });
    const target = await new ObserverResolver(
      source,
      jwtConfig,
      strict,
    ).targetFor(
      plane({
        observer: {
          url: 'https://inline.example/',
          authentication: { basicAuth: { username: 'u', password: 'p' } },
        },
        observabilityPlaneRef: 'default',
      }),
    );
    expect(target).toMatchObject({
      url: 'https://inline.example',
      source: 'inline',
    });
    expect(await target!.credentials.authorization()).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    expect(reads).toEqual([]);
  });

  it('follows observabilityPlaneRef (a name, v0.8–v0.15) to the ObservabilityPlane in the same namespace', async () => {
    const { source, reads } = planes({
      'acme/default': observability('https://obs.acme/'),
    });
    const target = await new ObserverResolver(
      source,
      jwtConfig,
      strict,
    ).targetFor(plane({ observabilityPlaneRef: 'default' }));
    expect(target).toMatchObject({
      url: 'https://obs.acme',
      source: 'observabilityPlane',
      origin: 'ObservabilityPlane acme/default',
    });
    // The configured auth (here a JWT) is used for it.
    expect(target!.credentials.type).toBe('jwt');
    expect(reads).toEqual(['acme/default']);
  });

  it('follows the v0.16 {kind, name} form, including a ClusterObservabilityPlane', async () => {
    const { source } = planes({
      'acme/obs': observability('https://ns.example'),
      'cluster/shared': observability('https://cluster.example'),
    });
    const resolver = new ObserverResolver(source, undefined, strict);
    expect(
      await resolver.targetFor(
        plane({
          observabilityPlaneRef: { kind: 'ObservabilityPlane', name: 'obs' },
        }),
      ),
    ).toMatchObject({ url: 'https://ns.example' });
    expect(
      await resolver.targetFor(
        plane({
          observabilityPlaneRef: {
            kind: 'ClusterObservabilityPlane',
            name: 'shared',
          },
        }),
      ),
    ).toMatchObject({
      url: 'https://cluster.example',
      origin: 'ClusterObservabilityPlane shared',
    });
  });

  it('refuses a plain-http observerURL (a cluster object is input) unless insecure planes are allowed', async () => {
    const { source } = planes({
      'acme/default': observability('http://obs.acme:8080'),
    });
    const bp = plane({ observabilityPlaneRef: 'default' });
    const refused = await new ObserverResolver(
      source,
      jwtConfig,
      strict,
    ).resolve(bp);
    expect(refused.target).toBeUndefined();
    expect(refused.refusal).toMatch(
      /ObservabilityPlane acme\/default spec.observerURL is plain http:\/\/.*allowInsecureBuildPlanes/,
    );
    expect(
      await new ObserverResolver(source, jwtConfig, lax).targetFor(bp),
    ).toMatchObject({ url: 'http://obs.acme:8080' });
  });

  it('falls back to openchoreo.build.observer.url when the ObservabilityPlane is missing or has no URL, saying why', async () => {
    const { source } = planes({ 'acme/empty': observability(undefined) });
    const resolver = new ObserverResolver(source, jwtConfig, strict);
    const missing = await resolver.resolve(
      plane({ observabilityPlaneRef: 'gone' }),
    );
    expect(missing.target).toMatchObject({
      url: 'https://fallback.example',
      source: 'config',
    });
    expect(missing.note).toBe(
      'ObservabilityPlane acme/gone (named by BuildPlane acme/bp) does not exist',
    );
    const empty = await resolver.resolve(
      plane({ observabilityPlaneRef: 'empty' }),
    );
    expect(empty.target?.source).toBe('config');
    expect(empty.note).toBe(
      'ObservabilityPlane acme/empty has no spec.observerURL',
    );
  });

  it('has no observer without a reference or a configured URL', async () => {
    const { source } = planes({});
    const resolver = new ObserverResolver(
      source,
      { auth: { type: 'none' } },
      strict,
    );
    expect(await resolver.resolve(plane({}))).toEqual({ note: undefined });
  });

  it('reuses an ObservabilityPlane read for 10 s, then reads it again', async () => {
    const { source, reads } = planes({
      'acme/default': observability('https://obs.acme'),
    });
    let now = 1_000_000;
    const resolver = new ObserverResolver(source, jwtConfig, strict, () => now);
    const bp = plane({ observabilityPlaneRef: 'default' });
    await resolver.targetFor(bp);
    now += 9_000;
    await resolver.targetFor(bp);
    expect(reads).toHaveLength(1);
    now += 2_000;
    await resolver.targetFor(bp);
    expect(reads).toHaveLength(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const source: ObservabilityPlaneSource = {
      async findObservabilityPlane() {
        if (fail) throw new Error('control plane down');
        return observability('https://obs.acme');
      },
    };
    const resolver = new ObserverResolver(source, undefined, strict);
    const bp = plane({ observabilityPlaneRef: 'default' });
    await expect(resolver.targetFor(bp)).rejects.toThrow('control plane down');
    fail = false;
    expect(await resolver.targetFor(bp)).toMatchObject({
      url: 'https://obs.acme',
    });
  });
});

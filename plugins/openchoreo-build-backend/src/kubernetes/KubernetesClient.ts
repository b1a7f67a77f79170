import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  Watch,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type {
  KubernetesList,
  KubernetesObject,
  KubernetesSecret,
  KubernetesWatchEvent,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { NotFoundError } from '@backstage/errors';
import { toClusterError, upstreamStatusOf } from './kubernetesErrors';
import { noRedirectHttpLibrary } from './noRedirectHttpLibrary';

/** Coordinates of a namespaced custom resource collection. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  /** Human name used in error messages, e.g. "ComponentWorkflowRun". */
  kind: string;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
}

/** A running watch; `stop()` aborts the upstream request. */
export interface WatchHandle {
  stop(): void;
}

export interface KubernetesClientHooks {
  /**
   * Called when the cluster answers 401/403: the credentials this client was built with may have
   * been rotated, so whoever cached it should re-check them before the next use.
   */
  onCredentialsRejected?: () => void;
}

/**
 * A thin, typed layer over @kubernetes/client-node for one cluster (control plane, a build plane,
 * or a build plane through the cluster gateway). Every failure becomes a @backstage/errors type
 * naming `target`.
 */
export class KubernetesClient {
  private readonly customObjects: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(
    readonly kubeConfig: KubeConfig,
    /** e.g. "control plane" or "build plane acme/acme-build-plane"; used in error messages. */
    readonly target: string,
    private readonly timeoutMs: number = 15000,
    private readonly hooks: KubernetesClientHooks = {},
  ) {
    this.customObjects = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  get serverUrl(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '';
  }

  /** Request options: a timeout (→ 504) and, for patches, the merge-patch content type. */
  private options(contentType?: string) {
    const timeoutMs = this.timeoutMs;
    // The object-parameter API takes rxjs-style middleware; client-node's Observable wraps a promise.
    const middleware: ObservableMiddleware = {
      pre(context: RequestContext) {
        context.setSignal(AbortSignal.timeout(timeoutMs));
        if (contentType) context.setHeaderParam('Content-Type', contentType);
        return new Observable(Promise.resolve(context));
      },
      post(context: ResponseContext) {
        return new Observable(Promise.resolve(context));
      },
    };
    // httpApi: never follow redirects with our credentials (see noRedirectHttpLibrary).
    return {
      middleware: [middleware],
      middlewareMergeStrategy: 'append' as const,
      httpApi: noRedirectHttpLibrary,
    };
  }

  private async call<T>(
    what: string,
    fn: () => Promise<unknown>,
    upstreamDetail = true,
  ): Promise<T> {
    try {
      return (await fn()) as T;
    } catch (error) {
      const mapped = toClusterError(error, this.target, what, {
        upstreamDetail,
      });
      const status = upstreamStatusOf(mapped);
      if (status === 401 || status === 403)
        this.hooks.onCredentialsRejected?.();
      throw mapped;
    }
  }

  async get<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    name: string,
  ): Promise<T> {
    return this.call<T>(`${type.kind} ${namespace}/${name}`, () =>
      this.customObjects.getNamespacedCustomObject(
        {
          group: type.group,
          version: type.version,
          plural: type.plural,
          namespace,
          name,
        },
        this.options(),
      ),
    );
  }

  /** Like `get`, but undefined when the object does not exist. */
  async find<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(type, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** A cluster-scoped custom object (e.g. a ClusterWorkflowTemplate); undefined when it does not exist. */
  async findClusterScoped<T extends KubernetesObject>(
    type: ResourceType,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.call<T>(`${type.kind} ${name}`, () =>
        this.customObjects.getClusterCustomObject(
          {
            group: type.group,
            version: type.version,
            plural: type.plural,
            name,
          },
          this.options(),
        ),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    options: ListOptions = {},
  ): Promise<KubernetesList<T>> {
    const list = await this.call<KubernetesList<T>>(
      `listing ${type.kind} in ${namespace}`,
      () =>
        this.customObjects.listNamespacedCustomObject(
          {
            group: type.group,
            version: type.version,
            plural: type.plural,
            namespace,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
            limit: options.limit,
            _continue: options.continueToken,
            resourceVersion: options.resourceVersion,
          },
          this.options(),
        ),
    );
    return { ...list, items: Array.isArray(list?.items) ? list.items : [] };
  }

  /** A cluster-scoped custom resource collection (e.g. ClusterWorkflows), one page. */
  async listClusterScoped<T extends KubernetesObject>(
    type: ResourceType,
    options: ListOptions = {},
  ): Promise<KubernetesList<T>> {
    const list = await this.call<KubernetesList<T>>(
      `listing ${type.kind}`,
      () =>
        this.customObjects.listClusterCustomObject(
          {
            group: type.group,
            version: type.version,
            plural: type.plural,
            labelSelector: options.labelSelector,
            fieldSelector: options.fieldSelector,
            limit: options.limit,
            _continue: options.continueToken,
            resourceVersion: options.resourceVersion,
          },
          this.options(),
        ),
    );
    return { ...list, items: Array.isArray(list?.items) ? list.items : [] };
  }

  /**
   * The resource names (plurals, subresources left out) an API group version serves
   * (`GET /apis/{group}/{version}`); empty when the server does not serve that group version.
   */
  async servedResources(group: string, version: string): Promise<string[]> {
    try {
      const list = await this.call<{ resources?: Array<{ name?: string }> }>(
        `discovery of ${group}/${version}`,
        () =>
          this.customObjects.getAPIResources(
            { group, version },
            this.options(),
          ),
      );
      return (list.resources ?? [])
        .map(resource => resource.name ?? '')
        .filter(name => name !== '' && !name.includes('/'));
    } catch (error) {
      if (error instanceof NotFoundError) return [];
      throw error;
    }
  }

  async create<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    body: T,
  ): Promise<T> {
    return this.call<T>(
      `creating ${type.kind} ${namespace}/${body.metadata?.name ?? ''}`,
      () =>
        this.customObjects.createNamespacedCustomObject(
          {
            group: type.group,
            version: type.version,
            plural: type.plural,
            namespace,
            body,
          },
          this.options(),
        ),
    );
  }

  async mergePatch<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    name: string,
    patch: object,
  ): Promise<T> {
    return this.call<T>(`patching ${type.kind} ${namespace}/${name}`, () =>
      this.customObjects.patchNamespacedCustomObject(
        {
          group: type.group,
          version: type.version,
          plural: type.plural,
          namespace,
          name,
          body: patch,
        },
        this.options(PatchStrategy.MergePatch),
      ),
    );
  }

  /** Reads a Secret; the caller must never put its data in a response. */
  async findSecret(
    namespace: string,
    name: string,
  ): Promise<KubernetesSecret | undefined> {
    try {
      return await this.call<KubernetesSecret>(
        `Secret ${namespace}/${name}`,
        () =>
          this.core.readNamespacedSecret({ namespace, name }, this.options()),
      );
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Cheap authenticated probe of the API: `GET /version`-like discovery of the core group. Its
   * error never carries the server's own message: probes answer any reader, and the server may be
   * one a BuildPlane author chose.
   */
  async probe(): Promise<void> {
    await this.call(
      'API discovery',
      () => this.core.getAPIResources({}, this.options()),
      false,
    );
  }

  /**
   * Watches a collection from `resourceVersion`. `onEvent` gets each event (ERROR events carry a
   * Status; 410 means re-list); `onClose` is called exactly once when the stream ends, with the
   * mapped error if it failed.
   */
  async watch<T extends KubernetesObject>(
    type: ResourceType,
    namespace: string,
    resourceVersion: string | undefined,
    onEvent: (event: KubernetesWatchEvent<T>) => void,
    onClose: (error?: Error) => void,
  ): Promise<WatchHandle> {
    const path = `/apis/${type.group}/${
      type.version
    }/namespaces/${encodeURIComponent(namespace)}/${type.plural}`;
    // client-node's Watch uses node-fetch, which follows redirects; only the control plane (operator
    // config) is watched, build planes never are (their connectors poll or follow pod logs).
    const watcher = new Watch(this.kubeConfig);
    let closed = false;
    const close = (error?: Error) => {
      if (!closed) {
        closed = true;
        onClose(error);
      }
    };
    const controller = await watcher.watch(
      path,
      { resourceVersion, allowWatchBookmarks: true },
      (phase: string, object: unknown) => {
        onEvent({
          type: phase as KubernetesWatchEvent<T>['type'],
          object: object as T,
        });
      },
      (error: unknown) => {
        close(
          error
            ? toClusterError(
                error,
                this.target,
                `watching ${type.kind} in ${namespace}`,
              )
            : undefined,
        );
      },
    );
    return {
      stop() {
        closed = true;
        controller.abort();
      },
    };
  }
}

/** Fills a KubeConfig from one cluster + one user (both optional parts of the user). */
export function kubeConfigFor(options: {
  server: string;
  caData?: string;
  skipTLSVerify?: boolean;
  token?: string;
  tokenFile?: string;
  certData?: string;
  keyData?: string;
}): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'cluster',
        server: options.server.replace(/\/+$/, ''),
        caData: options.caData,
        // client-node refuses credentials over plain http unless this is set; there is no TLS to
        // verify on http:// anyway (the sandbox control plane is http).
        skipTLSVerify:
          Boolean(options.skipTLSVerify) ||
          options.server.startsWith('http://'),
      },
    ],
    users: [
      {
        name: 'user',
        token: options.token,
        certData: options.certData,
        keyData: options.keyData,
        authProvider: options.tokenFile
          ? { name: 'tokenFile', config: { tokenFile: options.tokenFile } }
          : undefined,
      },
    ],
    contexts: [{ name: 'context', cluster: 'cluster', user: 'user' }],
    currentContext: 'context',
  });
  return kc;
}

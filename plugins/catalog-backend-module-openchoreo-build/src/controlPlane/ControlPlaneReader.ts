import {
  ApiException,
  CustomObjectsApi,
  Observable,
  Watch,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import {
  generationsServed,
  OPENCHOREO_API_GROUP,
  OPENCHOREO_API_VERSION,
  type KubernetesList,
  type KubernetesObject,
  type KubernetesStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlaneConnection } from './controlPlaneConnection';
import type { OrganizationGenerations } from './objects';

/** The OpenChoreo collections the provider reads, cluster-wide. */
export type OpenChoreoPlural = 'projects' | 'components';

/** Every object of a collection and the resourceVersion a watch continues from. */
export interface ListedObjects<T> {
  items: T[];
  resourceVersion?: string;
}

/** A watch event of `?watch=true` (ERROR carries a Status; BOOKMARK only a resourceVersion). */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T | KubernetesStatus;
}

/** A running watch; `stop()` ends it without calling its `onClose`. */
export interface WatchHandle {
  stop(): void;
}

const PAGE_SIZE = 500;
const MAX_REASON_LENGTH = 200;

/**
 * Why a request to the control plane failed, for a log line: the HTTP status and the Kubernetes
 * Status message, or the network error. Bounded, on one line, and never the request (which holds
 * the credentials).
 */
export function describeFailure(error: unknown): string {
  let reason: string;
  if (error instanceof ApiException) {
    const body = error.body as KubernetesStatus | string | undefined;
    const message =
      typeof body === 'object' && body?.message ? `: ${body.message}` : '';
    reason = `HTTP ${error.code}${message}`;
  } else if (error instanceof Error) {
    // client-node's Watch: `statusCode` when the server answered, `code` (ECONNREFUSED…) when not.
    const { code, statusCode } = error as {
      code?: unknown;
      statusCode?: unknown;
    };
    if (typeof statusCode === 'number')
      reason = `HTTP ${statusCode}: ${error.message}`;
    else if (typeof code === 'string') reason = `${code}: ${error.message}`;
    else reason = error.message;
  } else {
    reason = String(error);
  }
  // eslint-disable-next-line no-control-regex
  const line = reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > MAX_REASON_LENGTH
    ? `${line.slice(0, MAX_REASON_LENGTH)}…`
    : line;
}

/** Reads and watches OpenChoreo's Projects and Components of one control plane, across namespaces. */
export class ControlPlaneReader {
  private readonly customObjects: CustomObjectsApi;

  constructor(readonly connection: ControlPlaneConnection) {
    this.customObjects = connection.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** A timeout for every request: a control plane that hangs is a control plane that is down. */
  private options() {
    const timeoutMs = this.connection.requestTimeoutMs;
    const middleware: ObservableMiddleware = {
      pre(context: RequestContext) {
        context.setSignal(AbortSignal.timeout(timeoutMs));
        return new Observable(Promise.resolve(context));
      },
      post(context: ResponseContext) {
        return new Observable(Promise.resolve(context));
      },
    };
    return {
      middleware: [middleware],
      middlewareMergeStrategy: 'append' as const,
    };
  }

  /** Every object of the collection in every namespace, page by page. */
  async listAll<T extends KubernetesObject>(
    plural: OpenChoreoPlural | 'buildplanes',
  ): Promise<ListedObjects<T>> {
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = (await this.customObjects.listClusterCustomObject(
        {
          group: OPENCHOREO_API_GROUP,
          version: OPENCHOREO_API_VERSION,
          plural,
          limit: PAGE_SIZE,
          _continue: continueToken,
        },
        this.options(),
      )) as KubernetesList<T>;
      items.push(...(Array.isArray(page?.items) ? page.items : []));
      resourceVersion = page?.metadata?.resourceVersion;
      continueToken = page?.metadata?.continue || undefined;
    } while (continueToken);
    return { items, resourceVersion };
  }

  /**
   * Watches the collection in every namespace from `resourceVersion`. `onClose` is called once when
   * the stream ends (with the error when it failed), not after `stop()`.
   */
  async watch<T extends KubernetesObject>(
    plural: OpenChoreoPlural,
    resourceVersion: string | undefined,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: unknown) => void,
  ): Promise<WatchHandle> {
    let open = true;
    const controller = await new Watch(this.connection.kubeConfig).watch(
      `/apis/${OPENCHOREO_API_GROUP}/${OPENCHOREO_API_VERSION}/${plural}`,
      { resourceVersion, allowWatchBookmarks: true },
      (type: string, object: unknown) => {
        if (open) onEvent({ type, object } as WatchEvent<T>);
      },
      (error: unknown) => {
        if (!open) return;
        open = false;
        onClose(error ?? undefined);
      },
    );
    return {
      stop() {
        open = false;
        controller.abort();
      },
    };
  }

  /**
   * Which generation each organization speaks (`OrganizationGenerations`): the generations served,
   * from API discovery of `openchoreo.dev/v1alpha1` (`generationsServed`), and, when both are,
   * which namespaces hold a BuildPlane. Undefined when either cannot be read (discovery refused,
   * no RBAC to list BuildPlanes): each Component is then read by its own shape.
   */
  async detectGenerations(): Promise<OrganizationGenerations | undefined> {
    try {
      const discovery = await this.customObjects.getAPIResources(
        { group: OPENCHOREO_API_GROUP, version: OPENCHOREO_API_VERSION },
        this.options(),
      );
      const served = generationsServed(
        (discovery.resources ?? [])
          .map(resource => resource.name)
          // Subresources (`components/status`) are not kinds.
          .filter(name => !name.includes('/')),
      );
      if (served.length < 2) return { served, buildPlaneNamespaces: new Set() };
      const planes = await this.listAll<KubernetesObject>('buildplanes');
      return {
        served,
        buildPlaneNamespaces: new Set(
          planes.items
            .map(plane => plane.metadata?.namespace)
            .filter((ns): ns is string => typeof ns === 'string'),
        ),
      };
    } catch {
      return undefined;
    }
  }
}

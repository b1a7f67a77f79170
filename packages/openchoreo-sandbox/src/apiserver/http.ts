import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import YAML from 'yaml';
import type { Cluster } from './cluster';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiV2Json,
  openApiV2Protobuf,
  openApiV3Document,
  openApiV3Paths,
  SERVER_VERSION,
} from './discovery';
import { parseDeleteOptions } from './deletion';
import { ApiError, errors } from './errors';
import { PATCH_TYPES } from './patch';
import { decodeProtobufBody } from './protobuf';
import { createAccessReview, isAccessReview } from './accessReview';
import {
  ADMIN_USER,
  AGENT_USER,
  authorize,
  clientCertificateUser,
  forbidden,
  RequestAttributes,
  UserInfo,
  VIEWER_USER,
} from './authorization';
import { servePodLog } from './podlog';
import { apiVersionOf, ResourceDef } from './registry';
import { compileLabelSelector, parseFieldSelector } from './selectors';
import { toTable, wantsTable } from './table';
import { KObject } from './types';
import { serveWatch } from './watch';

export interface ApiAuth {
  adminToken: string;
  readOnlyToken: string;
  /**
   * The cluster agent's ServiceAccount token (build plane): its requests are authorized with the
   * v0.9 agent ClusterRole (see agentRbac.ts).
   */
  agentToken?: string;
  /**
   * When set, a verified client certificate issued by the sandbox CA authenticates as its subject (CN the
   * user, O the groups; the sandbox's client certificate is in `system:masters`).
   */
  isTrustedClientCert?: (cert: X509Certificate | undefined) => boolean;
}

const MAX_BODY = 3 * 1024 * 1024;

interface Target {
  def: ResourceDef;
  version: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  const apiError =
    err instanceof ApiError
      ? err
      : errors.internal((err as Error)?.message ?? String(err));
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, apiError.code, apiError.toStatus());
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(
          new ApiError(
            413,
            'RequestEntityTooLarge',
            `Request entity too large: limit is ${MAX_BODY}`,
          ),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string): unknown {
  // kubectl's typed clients (`kubectl create secret|configmap|namespace|serviceaccount`, `kubectl auth can-i`, …)
  // send built-in types as protobuf. The answer stays JSON: their Accept header lists `application/json` after
  // protobuf (`application/vnd.kubernetes.protobuf,application/json`), and the sandbox writes API objects in JSON only.
  if (contentType.includes('protobuf'))
    return raw.length === 0 ? undefined : decodeProtobufBody(raw);
  const text = raw.toString('utf8');
  if (!text.trim()) return undefined;
  try {
    if (contentType.includes('yaml')) return YAML.parse(text);
    return JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(
      `the request body could not be decoded: ${(e as Error).message}`,
    );
  }
}

function truthy(value: string | null): boolean {
  return value === 'true' || value === '1';
}

function intParam(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw errors.badRequest(`invalid integer parameter: ${value}`);
  return n;
}

/** HTTP front end of a {@link Cluster}: routing, authentication and encoding. */
export class ApiServer {
  constructor(
    private readonly cluster: Cluster,
    private readonly auth: ApiAuth,
    private readonly serverAddress: () => string,
    private readonly bookmarkIntervalMs = 10000,
  ) {}

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch(err => sendError(res, err));
  };

  /** Who the request is, as a real API server's authenticators would report it (see authorization.ts). */
  private authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (m) {
      if (m[1] === this.auth.adminToken) return ADMIN_USER;
      if (m[1] === this.auth.readOnlyToken) return VIEWER_USER;
      if (this.auth.agentToken && m[1] === this.auth.agentToken)
        return AGENT_USER;
      return undefined;
    }
    const socket = req.socket as TLSSocket;
    if (
      this.auth.isTrustedClientCert &&
      socket.authorized &&
      typeof socket.getPeerX509Certificate === 'function'
    ) {
      const cert = socket.getPeerX509Certificate();
      if (cert && this.auth.isTrustedClientCert(cert))
        return clientCertificateUser(cert);
    }
    return undefined;
  }

  /** Refuses with 403 what the authorizer does not allow (authorization.ts). */
  private authorize(user: UserInfo, attributes: RequestAttributes): void {
    if (!authorize(user, attributes).allowed) throw forbidden(user, attributes);
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    const user = this.authenticate(req);
    if (!user) throw errors.unauthorized();
    const method = (req.method ?? 'GET').toUpperCase();
    const registry = this.cluster.registry;
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // Discovery, /version and /openapi are non-resource requests: their verb is the method in lower case
    // (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
    const resourceRequest =
      (parts[0] === 'api' && parts.length >= 3) ||
      (parts[0] === 'apis' && parts.length >= 4);
    if (!resourceRequest)
      this.authorize(user, { verb: method.toLowerCase(), path: url.pathname });

    if (method === 'GET') {
      if (path === '/version') {
        send(res, 200, SERVER_VERSION);
        return;
      }
      if (path === '/api') {
        send(res, 200, apiVersions(this.serverAddress()));
        return;
      }
      if (path === '/apis') {
        send(res, 200, apiGroupList(registry));
        return;
      }
      if (path === '/openapi/v2') {
        if ((req.headers.accept ?? '').includes('protobuf')) {
          const body = openApiV2Protobuf();
          res.writeHead(200, {
            'Content-Type':
              'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
            'Content-Length': body.length,
          });
          res.end(body);
          return;
        }
        send(res, 200, openApiV2Json());
        return;
      }
      if (path === '/openapi/v3') {
        send(
          res,
          200,
          openApiV3Paths(registry, String(this.cluster.store.currentRv())),
        );
        return;
      }
      const v3 = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(
        path,
      );
      if (v3) {
        const doc = v3[1]
          ? openApiV3Document(registry, '', 'v1')
          : openApiV3Document(registry, v3[2], v3[3]);
        if (!doc) throw errors.pathNotFound();
        send(res, 200, doc);
        return;
      }
    }

    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) {
      group = '';
      version = parts[1];
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      group = parts[1];
      version = parts[2];
      rest = parts.slice(3);
    } else if (parts[0] === 'apis' && parts.length === 2 && method === 'GET') {
      const doc = apiGroup(registry, parts[1]);
      if (!doc) throw errors.pathNotFound();
      send(res, 200, doc);
      return;
    } else {
      throw errors.pathNotFound();
    }
    if (rest.length === 0) {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      const doc = apiResourceList(registry, group, version);
      if (!doc) throw errors.pathNotFound();
      send(res, 200, doc);
      return;
    }
    const target = this.resolve(group, version, rest);
    await this.serveResource(req, res, url, method, target, user);
  }

  private resolve(group: string, version: string, rest: string[]): Target {
    const registry = this.cluster.registry;
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    let subresource: string | undefined;
    if (
      rest[0] === 'namespaces' &&
      rest.length >= 3 &&
      !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
    ) {
      namespace = rest[1];
      [plural, name, subresource] = rest.slice(2);
    } else {
      [plural, name, subresource] = rest;
    }
    const def = registry.lookup(group, version, plural);
    if (!def) throw errors.pathNotFound();
    if (namespace !== undefined && !def.namespaced) throw errors.pathNotFound();
    if (rest.length > (namespace !== undefined ? 5 : 3))
      throw errors.pathNotFound();
    if (subresource === 'finalize') subresource = 'status';
    if (
      subresource &&
      !(subresource === 'status' && def.statusSubresource) &&
      !(subresource === 'log' && def.logSubresource)
    ) {
      throw errors.pathNotFound();
    }
    return { def, version, namespace, name, subresource };
  }

  private verb(method: string, t: Target, url: URL): string {
    if (t.subresource === 'log') return 'get';
    switch (method) {
      case 'GET':
        if (t.name) return 'get';
        return truthy(url.searchParams.get('watch')) ? 'watch' : 'list';
      case 'POST':
        return 'create';
      case 'PUT':
        return 'update';
      case 'PATCH':
        return 'patch';
      case 'DELETE':
        return t.name ? 'delete' : 'deletecollection';
      default:
        throw errors.methodNotAllowed(method);
    }
  }

  private output(t: Target, obj: KObject): KObject {
    return { ...obj, apiVersion: apiVersionOf(t.def.group, t.version) };
  }

  /** The printer columns of the target type's objects, per namespace (see `toTable`). */
  private printerColumns(t: Target) {
    return (namespace: string | undefined) =>
      this.cluster.printerColumns(t.def, t.version, namespace);
  }

  private async serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    t: Target,
    user: UserInfo,
  ): Promise<void> {
    const core = this.cluster.core;
    const q = url.searchParams;
    const verb = this.verb(method, t, url);
    this.authorize(user, {
      verb,
      group: t.def.group,
      resource: t.def.plural,
      subresource: t.subresource,
      namespace: t.namespace,
      name: t.name,
    });
    if (isAccessReview(t.def)) {
      // Create-only and never stored: there is no object path (404), and nothing but POST on the collection
      // (405), as for the review storages of pkg/registry/authorization and pkg/registry/authentication.
      if (t.name) throw errors.pathNotFound();
      if (verb !== 'create') throw errors.methodNotAllowed(method);
      const body = parseBody(
        await readBody(req),
        req.headers['content-type'] ?? '',
      );
      send(res, 201, createAccessReview(t.def, t.version, body, user));
      return;
    }
    if (t.def.namespaced && t.name && t.namespace === undefined)
      throw errors.pathNotFound();
    const dryRun = q.getAll('dryRun').includes('All');
    const sub =
      t.subresource === 'status' ? ({ subresource: 'status' } as const) : {};

    if (t.subresource === 'log') {
      if (method !== 'GET') throw errors.methodNotAllowed(method);
      servePodLog(this.cluster, req, res, t.namespace!, t.name!, {
        container: q.get('container') ?? undefined,
        follow: truthy(q.get('follow')),
        timestamps: truthy(q.get('timestamps')),
        sinceTime: q.get('sinceTime') ?? undefined,
        sinceSeconds: intParam(q.get('sinceSeconds')),
        tailLines: intParam(q.get('tailLines')),
        limitBytes: intParam(q.get('limitBytes')),
        previous: truthy(q.get('previous')),
      });
      return;
    }

    switch (verb) {
      case 'get': {
        const obj = this.output(t, core.get(t.def, t.namespace, t.name!));
        send(
          res,
          200,
          wantsTable(req)
            ? toTable(t.def, [obj], {
                namespace: t.namespace,
                printerColumns: this.printerColumns(t),
                resourceVersion: this.cluster.store.currentRv(),
              })
            : obj,
        );
        return;
      }
      case 'list': {
        const result = core.list(t.def, t.namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
          limit: intParam(q.get('limit')),
          continue: q.get('continue') ?? undefined,
        });
        const items = result.items.map(o => this.output(t, o));
        if (wantsTable(req)) {
          send(
            res,
            200,
            toTable(t.def, items, {
              namespace: t.namespace,
              printerColumns: this.printerColumns(t),
              resourceVersion: Number(result.resourceVersion),
              continue: result.continue,
            }),
          );
          return;
        }
        const metadata: Record<string, unknown> = {
          resourceVersion: result.resourceVersion,
        };
        if (result.continue) metadata.continue = result.continue;
        if (result.remainingItemCount !== undefined)
          metadata.remainingItemCount = result.remainingItemCount;
        send(res, 200, {
          kind: t.def.listKind,
          apiVersion: apiVersionOf(t.def.group, t.version),
          metadata,
          items,
        });
        return;
      }
      case 'watch': {
        const labels = compileLabelSelector(
          q.get('labelSelector') ?? undefined,
        );
        serveWatch(this.cluster.store, req, res, {
          def: t.def,
          version: t.version,
          namespace: t.namespace,
          labels: labels.matches,
          labelEqualities: labels.equalities,
          fields: parseFieldSelector(q.get('fieldSelector') ?? undefined),
          resourceVersion: q.get('resourceVersion') ?? undefined,
          allowBookmarks: truthy(q.get('allowWatchBookmarks')),
          sendInitialEvents: truthy(q.get('sendInitialEvents')),
          timeoutSeconds: intParam(q.get('timeoutSeconds')),
          bookmarkIntervalMs: this.bookmarkIntervalMs,
          encode: wantsTable(req)
            ? obj =>
                toTable(t.def, [obj], {
                  namespace: t.namespace,
                  printerColumns: this.printerColumns(t),
                  resourceVersion: Number(obj.metadata.resourceVersion),
                })
            : undefined,
        });
        return;
      }
      case 'create': {
        if (t.subresource) throw errors.methodNotAllowed(method);
        const body = parseBody(
          await readBody(req),
          req.headers['content-type'] ?? '',
        );
        const created = core.create(t.def, t.version, t.namespace, body, {
          dryRun,
        });
        send(res, 201, this.output(t, created));
        return;
      }
      case 'update': {
        const body = parseBody(
          await readBody(req),
          req.headers['content-type'] ?? '',
        );
        const updated = core.update(
          t.def,
          t.version,
          t.namespace,
          t.name!,
          body,
          { dryRun, ...sub },
        );
        send(res, 200, this.output(t, updated));
        return;
      }
      case 'patch': {
        const contentType = req.headers['content-type'] ?? PATCH_TYPES.merge;
        const body = parseBody(await readBody(req), contentType);
        const patched = core.patch(
          t.def,
          t.version,
          t.namespace,
          t.name!,
          contentType,
          body,
          { dryRun, ...sub },
        );
        send(res, 200, this.output(t, patched));
        return;
      }
      case 'delete': {
        const body = parseBody(
          await readBody(req),
          req.headers['content-type'] ?? '',
        );
        const options = parseDeleteOptions(body, q);
        const deleted = core.delete(t.def, t.namespace, t.name!, {
          ...options,
          dryRun: dryRun || options.dryRun,
        });
        send(res, 200, this.output(t, deleted));
        return;
      }
      case 'deletecollection': {
        const body = parseBody(
          await readBody(req),
          req.headers['content-type'] ?? '',
        );
        const { propagationPolicy, dryRun: bodyDryRun } = parseDeleteOptions(
          body,
          q,
        );
        const result = core.list(t.def, t.namespace, {
          labelSelector: q.get('labelSelector') ?? undefined,
          fieldSelector: q.get('fieldSelector') ?? undefined,
        });
        const items = result.items.map(o =>
          this.output(
            t,
            core.delete(t.def, o.metadata.namespace, o.metadata.name!, {
              propagationPolicy,
              dryRun: dryRun || bodyDryRun,
            }),
          ),
        );
        send(res, 200, {
          kind: t.def.listKind,
          apiVersion: apiVersionOf(t.def.group, t.version),
          metadata: {},
          items,
        });
        return;
      }
      default:
        throw errors.methodNotAllowed(method);
    }
  }
}

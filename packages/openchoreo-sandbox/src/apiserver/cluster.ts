import { LogStore } from '../logs/logstore';
import { builtinDefs, CRD_GR } from './builtins';
import { ApiCore, ListOptions } from './core';
import { errors } from './errors';
import type { PodLogStream } from './logStream';
import { PATCH_TYPES } from './patch';
import {
  defFromCrd,
  namespaceVersionKey,
  PrinterColumn,
  Registry,
  ResourceDef,
} from './registry';
import { compileSchema } from './schema';
import { Store, StoreEvent } from './store';
import { isRecord, KObject } from './types';

/**
 * One emulated Kubernetes cluster: storage, served types, API semantics and
 * container logs. The HTTP front end and the in-process controllers both use it.
 */
export class Cluster {
  readonly store: Store;
  readonly registry = new Registry();
  readonly core: ApiCore;
  readonly logs = new LogStore();
  /** The `pods/log` responses being streamed now. */
  readonly podLogStreams = new Set<PodLogStream>();

  constructor(readonly name: string, historyLimit?: number) {
    this.store = new Store(historyLimit);
    this.core = new ApiCore(this.store, this.registry);
    for (const def of builtinDefs()) this.registry.add(def);
    this.core.mutators.set(CRD_GR, crd => this.prepareCrd(crd));
    this.store.subscribe(event => this.syncCrd(event));
  }

  /** Checks a CRD the way the API server does and marks it Established. */
  private prepareCrd(crd: KObject): void {
    const def = defFromCrd(crd);
    const causes = [];
    if (!def.group || !def.plural || !def.kind) {
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.names',
      });
    } else if (crd.metadata.name !== `${def.plural}.${def.group}`) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${crd.metadata.name}": must be spec.names.plural+"."+spec.group`,
        field: 'metadata.name',
      });
    }
    if (!def.versions.length)
      causes.push({
        reason: 'FieldValueRequired',
        message: 'Required value',
        field: 'spec.versions',
      });
    for (const v of def.versions) {
      try {
        if (v.schema) compileSchema(v.schema);
      } catch (e) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: schema: ${(e as Error).message}`,
          field: 'spec.versions.schema.openAPIV3Schema',
        });
      }
    }
    if (causes.length)
      throw errors.invalid(
        'CustomResourceDefinition',
        'apiextensions.k8s.io',
        crd.metadata.name ?? '',
        causes,
      );
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const spec = isRecord(crd.spec) ? crd.spec : {};
    crd.status = {
      conditions: [
        {
          type: 'NamesAccepted',
          status: 'True',
          reason: 'NoConflicts',
          message: 'no conflicts found',
          lastTransitionTime: now,
        },
        {
          type: 'Established',
          status: 'True',
          reason: 'InitialNamesAccepted',
          message: 'the initial names have been accepted',
          lastTransitionTime: now,
        },
      ],
      acceptedNames: spec.names ?? {},
      storedVersions: def.versions.filter(v => v.storage).map(v => v.name),
    };
  }

  private syncCrd(event: StoreEvent): void {
    if (event.gr !== CRD_GR) return;
    if (event.type === 'DELETED') {
      const def = defFromCrd(event.object);
      this.registry.remove(def.group, def.plural);
      // Deferred: writing to the store from inside a store listener would
      // deliver these deletions to other listeners before the CRD's own event.
      setImmediate(() => this.store.removeAll(`${def.group}/${def.plural}`));
    } else {
      this.registry.add(defFromCrd(event.object));
    }
  }

  /**
   * Sandbox-only: objects of the type `crd` defines that live in `namespace` are served as `crd`
   * declares them, not as the served type does: validated (and pruned) against its
   * `openAPIV3Schema`, and printed in Tables with its `additionalPrinterColumns`. Lets one
   * control plane hold two generations of a kind, which a real cluster (one CRD per kind)
   * cannot.
   */
  serveCrdInNamespace(namespace: string, crd: KObject): void {
    const def = defFromCrd(crd);
    for (const version of def.versions) {
      this.core.namespaceVersions.set(
        namespaceVersionKey(def, version.name, namespace),
        {
          ...version,
          compiled: version.schema ? compileSchema(version.schema) : undefined,
        },
      );
    }
  }

  /**
   * The printer columns of `def`'s objects at `version` in `namespace` (or across all namespaces
   * when undefined): a namespace's own version's (`serveCrdInNamespace`), else the type's.
   */
  printerColumns(
    def: ResourceDef,
    version: string,
    namespace: string | undefined,
  ): PrinterColumn[] {
    const own = this.core.namespaceVersion(def, version, namespace);
    if (own) return own.printerColumns ?? [];
    return def.versions.find(v => v.name === version)?.printerColumns ?? [];
  }

  /** Finds a served type by apiVersion and plural, or throws 404. */
  def(apiVersion: string, plural: string): ResourceDef {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    const def = this.registry.lookup(group, version, plural);
    if (!def) throw errors.pathNotFound();
    return def;
  }

  private version(apiVersion: string): string {
    return apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
  }

  // In-process client used by controllers and the seed: same rules as HTTP.
  get(
    apiVersion: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KObject | undefined {
    return this.core.find(this.def(apiVersion, plural), namespace, name);
  }

  list(
    apiVersion: string,
    plural: string,
    namespace?: string,
    opts: ListOptions = {},
  ): KObject[] {
    return this.core.list(this.def(apiVersion, plural), namespace, opts).items;
  }

  create(obj: KObject, plural: string): KObject {
    return this.core.create(
      this.def(obj.apiVersion, plural),
      this.version(obj.apiVersion),
      obj.metadata.namespace,
      obj,
    );
  }

  update(obj: KObject, plural: string): KObject {
    const def = this.def(obj.apiVersion, plural);
    return this.core.update(
      def,
      this.version(obj.apiVersion),
      obj.metadata.namespace,
      obj.metadata.name!,
      obj,
    );
  }

  updateStatus(obj: KObject, plural: string): KObject {
    const def = this.def(obj.apiVersion, plural);
    return this.core.update(
      def,
      this.version(obj.apiVersion),
      obj.metadata.namespace,
      obj.metadata.name!,
      obj,
      {
        subresource: 'status',
      },
    );
  }

  mergePatch(
    apiVersion: string,
    plural: string,
    namespace: string | undefined,
    name: string,
    patch: object,
    status = false,
  ): KObject {
    const def = this.def(apiVersion, plural);
    return this.core.patch(
      def,
      this.version(apiVersion),
      namespace,
      name,
      PATCH_TYPES.merge,
      patch,
      status ? { subresource: 'status' } : {},
    );
  }

  delete(
    apiVersion: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KObject | undefined {
    const def = this.def(apiVersion, plural);
    if (!this.core.find(def, namespace, name)) return undefined;
    return this.core.delete(def, namespace, name);
  }

  /** Creates the namespace when it does not exist yet. */
  ensureNamespace(name: string, labels?: Record<string, string>): void {
    if (!this.get('v1', 'namespaces', undefined, name)) {
      this.create(
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } },
        'namespaces',
      );
    }
  }

  /** Loads (creates or replaces) a CustomResourceDefinition. */
  applyCrd(crd: KObject): KObject {
    const existing = this.get(
      'apiextensions.k8s.io/v1',
      'customresourcedefinitions',
      undefined,
      crd.metadata.name!,
    );
    if (!existing) return this.create(crd, 'customresourcedefinitions');
    return this.update(
      {
        ...crd,
        metadata: {
          ...crd.metadata,
          resourceVersion: existing.metadata.resourceVersion,
        },
      },
      'customresourcedefinitions',
    );
  }
}

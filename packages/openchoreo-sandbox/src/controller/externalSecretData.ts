import type { Cluster } from '../apiserver/cluster';
import type { KObject } from '../apiserver/types';
import type { Condition } from './conditions';
import {
  FakeProvider,
  FindRef,
  NoSecretError,
  RemoteRef,
} from './fakeProvider';
import { storeProvider, StoreRef } from './secretStore';

/**
 * What the External Secrets Operator reads from a store for one ExternalSecret
 * (`pkg/controllers/externalsecret/externalsecret_controller_secret.go@v0.19.2`) and how it shapes
 * the target Secret's data (`externalsecret_controller_template.go@v0.19.2`).
 */

type DecodingStrategy = 'None' | 'Base64' | 'Base64URL' | 'Auto';

/** `external-secrets.io/v1 ExternalSecret`, the fields the emulation reads. */
export interface ExternalSecretObject extends KObject {
  spec?: {
    refreshInterval?: string;
    refreshPolicy?: 'CreatedOnce' | 'Periodic' | 'OnChange';
    secretStoreRef?: { name?: string; kind?: string };
    target?: {
      name?: string;
      creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None';
      deletionPolicy?: 'Retain' | 'Delete' | 'Merge';
      template?: {
        type?: string;
        mergePolicy?: 'Replace' | 'Merge';
        data?: Record<string, string>;
        templateFrom?: unknown[];
        metadata?: {
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
        };
      };
    };
    data?: Array<{
      secretKey?: string;
      remoteRef?: Partial<RemoteRef> & { decodingStrategy?: DecodingStrategy };
    }>;
    dataFrom?: Array<{
      extract?: Partial<RemoteRef> & { decodingStrategy?: DecodingStrategy };
      find?: FindRef & { decodingStrategy?: DecodingStrategy };
      rewrite?: unknown[];
      sourceRef?: unknown;
    }>;
  };
  status?: {
    conditions?: Condition[];
    refreshTime?: string;
    syncedResourceVersion?: string;
    binding?: { name?: string };
  };
}

/** `spec.secretStoreRef`, with the CRD's default kind `SecretStore`. */
export function storeRefOf(es: ExternalSecretObject): StoreRef {
  const ref = es.spec?.secretStoreRef;
  return {
    name: ref?.name ?? '',
    kind:
      ref?.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore',
  };
}

/** `utils.Decode` for the strategies a fake value can meaningfully use. */
function decode(strategy: DecodingStrategy | undefined, value: string): Buffer {
  const raw = Buffer.from(value, 'utf8');
  const base64 = /^[A-Za-z0-9+/]*={0,2}$/;
  const base64url = /^[A-Za-z0-9_-]*={0,2}$/;
  switch (strategy ?? 'None') {
    case 'None':
      return raw;
    case 'Base64':
      if (!base64.test(value) || value.length % 4 === 1)
        throw new Error(
          `error applying decoding strategy Base64 to data: illegal base64 data`,
        );
      return Buffer.from(value, 'base64');
    case 'Base64URL':
      if (!base64url.test(value))
        throw new Error(
          `error applying decoding strategy Base64URL to data: illegal base64 data`,
        );
      return Buffer.from(value, 'base64url');
    case 'Auto':
      if (base64.test(value) && value.length % 4 === 0)
        return Buffer.from(value, 'base64');
      if (base64url.test(value)) return Buffer.from(value, 'base64url');
      return raw;
    default:
      throw new Error(`decoding strategy ${strategy} is not supported`);
  }
}

function decodeAll(
  strategy: DecodingStrategy | undefined,
  values: Record<string, string>,
): Map<string, Buffer> {
  return new Map(
    Object.entries(values).map(([k, v]) => [k, decode(strategy, v)]),
  );
}

/**
 * `GetProviderSecretData`: `dataFrom` (extract, find) then `data`, later keys winning. A missing
 * remote secret fails the sync under the default `deletionPolicy: Retain`; under `Delete` or
 * `Merge` it is skipped. Errors carry ESO's texts (the Warning event's message).
 */
export function providerSecretData(
  build: Cluster,
  es: ExternalSecretObject,
): Map<string, Buffer> {
  const namespace = es.metadata.namespace!;
  const retain = (es.spec?.target?.deletionPolicy ?? 'Retain') === 'Retain';
  let provider: FakeProvider | undefined;
  // The store is read per entry in ESO: an ExternalSecret without entries never reads it.
  const store = () =>
    (provider ??= storeProvider(build, storeRefOf(es), namespace));
  const data = new Map<string, Buffer>();
  for (const [i, from] of (es.spec?.dataFrom ?? []).entries()) {
    const what =
      (['extract', 'find'] as const).find(k => from[k] !== undefined) ??
      'sourceRef';
    try {
      if (from.rewrite?.length || from.sourceRef)
        throw new Error(
          'the sandbox emulates neither rewrites nor generators (sourceRef)',
        );
      const values = from.extract
        ? decodeAll(
            from.extract.decodingStrategy,
            store().getSecretMap({
              ...from.extract,
              key: from.extract.key ?? '',
            }),
          )
        : decodeAll(
            from.find?.decodingStrategy,
            store().getAllSecrets(from.find ?? {}),
          );
      for (const [k, v] of values) data.set(k, v);
    } catch (error) {
      if (error instanceof NoSecretError && !retain) continue;
      throw new Error(
        `error processing spec.dataFrom[${i}].${what}, err: ${
          (error as Error).message
        }`,
      );
    }
  }
  for (const [i, entry] of (es.spec?.data ?? []).entries()) {
    const ref = entry.remoteRef ?? {};
    const key = ref.key ?? '';
    try {
      const value = store().getSecret({ ...ref, key });
      data.set(entry.secretKey ?? '', decode(ref.decodingStrategy, value));
    } catch (error) {
      if (error instanceof NoSecretError && !retain) continue;
      throw new Error(
        `error processing spec.data[${i}] (key: ${key}), err: ${
          (error as Error).message
        }`,
      );
    }
  }
  return data;
}

/** `{{ .name }}` or `{{ .name | toString }}`: the templates OpenChoreo's samples use. */
const SIMPLE_TEMPLATE =
  /^\s*\{\{-?\s*\.([A-Za-z0-9_.-]+?)\s*(\|\s*toString\s*)?-?\}\}\s*$/;

/**
 * The target Secret's data, type and metadata from the provider data (`ApplyTemplate`): without a
 * template the data as read; with one its `type`, and its `data` rendered (only the simple
 * `{{ .key }}` form — anything else fails, as a template error would) in place of, or with
 * `mergePolicy: Merge` on top of, the data read. `templateFrom` is not emulated (fails).
 */
export function applyTemplate(
  es: ExternalSecretObject,
  data: Map<string, Buffer>,
): {
  data: Map<string, Buffer>;
  type?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
} {
  const template = es.spec?.target?.template;
  if (!template)
    return {
      data,
      labels: { ...es.metadata.labels },
      annotations: { ...es.metadata.annotations },
    };
  if (template.templateFrom?.length)
    throw new Error(
      'could not apply template: templateFrom is not emulated by the sandbox',
    );
  const rendered = new Map<string, Buffer>();
  const templated = Object.entries(template.data ?? {});
  if (template.mergePolicy === 'Merge' || templated.length === 0)
    for (const [k, v] of data) rendered.set(k, v);
  for (const [key, text] of templated) {
    const match = SIMPLE_TEMPLATE.exec(text);
    if (!match)
      throw new Error(
        `could not apply template: could not execute template: the sandbox renders only "{{ .key }}" and "{{ .key | toString }}" (template.data.${key})`,
      );
    const value = data.get(match[1]);
    // ESO's v2 engine runs templates with `missingkey=error` (pkg/template/v2/template.go@v0.19.2).
    if (!value)
      throw new Error(
        `could not apply template: could not execute template: map has no entry for key "${match[1]}" (template.data.${key})`,
      );
    rendered.set(key, value);
  }
  return {
    data: rendered,
    type: template.type || undefined,
    labels: { ...template.metadata?.labels },
    annotations: { ...template.metadata?.annotations },
  };
}

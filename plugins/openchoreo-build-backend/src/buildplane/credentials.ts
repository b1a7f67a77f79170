import { ServiceUnavailableError } from '@backstage/errors';
import type { ValueFrom } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';

/** Reads `secretRef`s from the control plane; the values stay inside the backend. */
export class SecretValueResolver {
  constructor(
    private readonly controlPlane: KubernetesClient,
    /** Namespace used when a secretRef has none: the BuildPlane's own. */
    private readonly defaultNamespace: string,
    /** "build plane ns/name", for error messages. */
    private readonly planeLabel: string,
  ) {}

  /** Decoded value of one key of a control-plane Secret, or an error naming the reference. */
  async secretKey(name: string, key: string | undefined, namespace?: string, field = 'secretRef'): Promise<string> {
    const ns = namespace || this.defaultNamespace;
    const secret = await this.controlPlane.findSecret(ns, name);
    if (!secret) {
      throw new ServiceUnavailableError(
        `${this.planeLabel}: ${field} names Secret ${ns}/${name}, which does not exist in the control plane`,
      );
    }
    const data = secret.data ?? {};
    const keys = Object.keys(data);
    const chosen = key ?? (keys.length === 1 ? keys[0] : undefined);
    const encoded = chosen !== undefined ? data[chosen] : undefined;
    if (encoded !== undefined) {
      return Buffer.from(encoded, 'base64').toString('utf8');
    }
    const plain = chosen !== undefined ? secret.stringData?.[chosen] : undefined;
    if (plain !== undefined) return plain;
    throw new ServiceUnavailableError(
      `${this.planeLabel}: Secret ${ns}/${name} has no key ${chosen ?? '(none given and several present)'} (${field})`,
    );
  }

  /** Resolves an inline `value` or a `secretRef`; undefined when the field is absent. */
  async resolve(value: ValueFrom | undefined, field: string): Promise<string | undefined> {
    if (!value) return undefined;
    if (value.value !== undefined && value.value !== '') return value.value;
    if (value.secretRef?.name) {
      return this.secretKey(value.secretRef.name, value.secretRef.key, value.secretRef.namespace, field);
    }
    return undefined;
  }
}

import { ServiceUnavailableError } from '@backstage/errors';
import type { ValueFrom } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';

/** A control-plane Secret a connector was built from, with the version that was read. */
export interface SecretSource {
  namespace: string;
  name: string;
  resourceVersion: string;
}

/**
 * Reads `secretRef`s from the control plane; the values stay inside the backend. Only the
 * BuildPlane's own namespace is read: the backend's control-plane identity can read far more (other
 * orgs' credentials, the webhook secrets), and a BuildPlane author must not be able to point it there.
 */
export class SecretValueResolver {
  private readonly read = new Map<string, SecretSource>();

  constructor(
    private readonly controlPlane: KubernetesClient,
    /** The BuildPlane's own namespace: the only one Secrets are read from. */
    private readonly planeNamespace: string,
    /** "build plane ns/name", for error messages. */
    private readonly planeLabel: string,
  ) {}

  /** Every Secret read so far, so a cache can tell when one was rotated. */
  get sources(): SecretSource[] {
    return [...this.read.values()];
  }

  /** Decoded value of one key of a control-plane Secret, or an error naming the reference. */
  async secretKey(
    name: string,
    key: string | undefined,
    namespace?: string,
    field = 'secretRef',
  ): Promise<string> {
    if (namespace && namespace !== this.planeNamespace) {
      throw new ServiceUnavailableError(
        `${this.planeLabel}: ${field}.secretRef.namespace is "${namespace}", but Secrets are read only from the plane's own namespace "${this.planeNamespace}"`,
      );
    }
    const ns = this.planeNamespace;
    const secret = await this.controlPlane.findSecret(ns, name);
    if (!secret) {
      throw new ServiceUnavailableError(
        `${this.planeLabel}: ${field} names Secret ${ns}/${name}, which does not exist in the control plane`,
      );
    }
    this.read.set(`${ns}/${name}`, {
      namespace: ns,
      name,
      resourceVersion: secret.metadata?.resourceVersion ?? '',
    });
    const data = secret.data ?? {};
    const keys = Object.keys(data);
    const chosen = key ?? (keys.length === 1 ? keys[0] : undefined);
    const encoded = chosen !== undefined ? data[chosen] : undefined;
    if (encoded !== undefined) {
      return Buffer.from(encoded, 'base64').toString('utf8');
    }
    const plain =
      chosen !== undefined ? secret.stringData?.[chosen] : undefined;
    if (plain !== undefined) return plain;
    throw new ServiceUnavailableError(
      `${this.planeLabel}: Secret ${ns}/${name} has no key ${
        chosen ?? '(none given and several present)'
      } (${field})`,
    );
  }

  /** Resolves an inline `value` or a `secretRef`; undefined when the field is absent. */
  async resolve(
    value: ValueFrom | undefined,
    field: string,
  ): Promise<string | undefined> {
    if (!value) return undefined;
    if (value.value !== undefined && value.value !== '') return value.value;
    if (value.secretRef?.name) {
      return this.secretKey(
        value.secretRef.name,
        value.secretRef.key,
        value.secretRef.namespace,
        field,
      );
    }
    return undefined;
  }
}

import { metadata } from './meta';
import { bool, list, map, message, msg, str } from './wire';

/**
 * `k8s.io/api/core/v1` messages other than the Pod's (see `pod.ts`): what `kubectl create secret|configmap|namespace|
 * serviceaccount` send. Field numbers: `core/v1/generated.proto@v0.32.4` (kubernetes/api); pointers and
 * `omitempty`: `core/v1/types.go@v0.32.4`.
 */

const keepZero = { keepZero: true };

export const LocalObjectReference = message('LocalObjectReference', {
  1: str('name'),
});

const ObjectReference = message('ObjectReference', {
  1: str('kind'),
  2: str('namespace'),
  3: str('name'),
  4: str('uid'),
  5: str('apiVersion'),
  6: str('resourceVersion'),
  7: str('fieldPath'),
});

export const Secret = message('Secret', {
  1: metadata(),
  2: map('data', 'bytes'),
  3: str('type'),
  4: map('stringData', 'string'),
  5: bool('immutable', keepZero),
});

export const ConfigMap = message('ConfigMap', {
  1: metadata(),
  2: map('data', 'string'),
  3: map('binaryData', 'bytes'),
  4: bool('immutable', keepZero),
});

export const Namespace = message('Namespace', {
  1: metadata(),
  2: msg('spec', message('NamespaceSpec', { 1: list('finalizers', 'string') })),
  // Conditions are the namespace controller's; a client never sends them.
  3: msg('status', message('NamespaceStatus', { 1: str('phase') })),
});

export const ServiceAccount = message('ServiceAccount', {
  1: metadata(),
  2: list('secrets', ObjectReference),
  3: list('imagePullSecrets', LocalObjectReference),
  4: bool('automountServiceAccountToken', keepZero),
});

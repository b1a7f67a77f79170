import { bool, int64, list, map, message, msg, str, time } from './wire';

/**
 * `k8s.io/apimachinery/pkg/apis/meta/v1` messages. Field numbers: `pkg/apis/meta/v1/generated.proto@v0.32.4`
 * (kubernetes/apimachinery, the release kubectl v1.32 is built with); pointers and `omitempty`:
 * `pkg/apis/meta/v1/types.go@v0.32.4`. `managedFields` is not decoded (skipped): the server owns it.
 */

const keepZero = { keepZero: true };

export const OwnerReference = message('OwnerReference', {
  1: str('kind', keepZero),
  3: str('name', keepZero),
  4: str('uid', keepZero),
  5: str('apiVersion', keepZero),
  6: bool('controller', keepZero),
  7: bool('blockOwnerDeletion', keepZero),
});

export const ObjectMeta = message('ObjectMeta', {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  4: str('selfLink'),
  5: str('uid'),
  6: str('resourceVersion'),
  7: int64('generation'),
  8: time('creationTimestamp'),
  9: time('deletionTimestamp'),
  10: int64('deletionGracePeriodSeconds', keepZero),
  11: map('labels', 'string'),
  12: map('annotations', 'string'),
  13: list('ownerReferences', OwnerReference),
  14: list('finalizers', 'string'),
});

/** `metadata` as every top-level object embeds it (`metav1.ObjectMeta \`json:"metadata,omitempty"\``). */
export const metadata = () => msg('metadata', ObjectMeta);

import { LocalObjectReference } from './core';
import { metadata } from './meta';
import {
  bool,
  inline,
  int32,
  int64,
  list,
  map,
  message,
  msg,
  quantity,
  str,
} from './wire';

/**
 * The `k8s.io/api/core/v1` Pod, as far as a sandbox pod needs it: containers with their command, env, ports,
 * resources and mounts, simple volumes (emptyDir, hostPath, configMap, secret, persistentVolumeClaim), scheduling
 * basics and security contexts. Probes, lifecycle hooks, affinity, ephemeral containers and the rarer volume types are
 * skipped like unknown fields. Field numbers: `core/v1/generated.proto@v0.32.4` (kubernetes/api); pointers and
 * `omitempty`: `core/v1/types.go@v0.32.4`.
 */

const keepZero = { keepZero: true };

const KeySelector = (name: string) =>
  message(name, {
    1: inline(LocalObjectReference),
    2: str('key', keepZero),
    3: bool('optional', keepZero),
  });

const EnvVarSource = message('EnvVarSource', {
  1: msg(
    'fieldRef',
    message('ObjectFieldSelector', {
      1: str('apiVersion'),
      2: str('fieldPath', keepZero),
    }),
  ),
  2: msg(
    'resourceFieldRef',
    message('ResourceFieldSelector', {
      1: str('containerName'),
      2: str('resource', keepZero),
      3: quantity('divisor'),
    }),
  ),
  3: msg('configMapKeyRef', KeySelector('ConfigMapKeySelector')),
  4: msg('secretKeyRef', KeySelector('SecretKeySelector')),
});

const EnvVar = message('EnvVar', {
  1: str('name', keepZero),
  2: str('value'),
  3: msg('valueFrom', EnvVarSource),
});

const EnvSource = (name: string) =>
  message(name, {
    1: inline(LocalObjectReference),
    2: bool('optional', keepZero),
  });

const EnvFromSource = message('EnvFromSource', {
  1: str('prefix'),
  2: msg('configMapRef', EnvSource('ConfigMapEnvSource')),
  3: msg('secretRef', EnvSource('SecretEnvSource')),
});

const ContainerPort = message('ContainerPort', {
  1: str('name'),
  2: int32('hostPort'),
  3: int32('containerPort', keepZero),
  4: str('protocol'),
  5: str('hostIP'),
});

const ResourceRequirements = message('ResourceRequirements', {
  1: map('limits', 'quantity'),
  2: map('requests', 'quantity'),
  3: list(
    'claims',
    message('ResourceClaim', { 1: str('name', keepZero), 2: str('request') }),
  ),
});

const VolumeMount = message('VolumeMount', {
  1: str('name', keepZero),
  2: bool('readOnly'),
  3: str('mountPath', keepZero),
  4: str('subPath'),
  5: str('mountPropagation', keepZero),
  6: str('subPathExpr'),
  7: str('recursiveReadOnly', keepZero),
});

const SecurityContext = message('SecurityContext', {
  1: msg(
    'capabilities',
    message('Capabilities', {
      1: list('add', 'string'),
      2: list('drop', 'string'),
    }),
  ),
  2: bool('privileged', keepZero),
  4: int64('runAsUser', keepZero),
  5: bool('runAsNonRoot', keepZero),
  6: bool('readOnlyRootFilesystem', keepZero),
  7: bool('allowPrivilegeEscalation', keepZero),
  8: int64('runAsGroup', keepZero),
});

const Container = message('Container', {
  1: str('name', keepZero),
  2: str('image'),
  3: list('command', 'string'),
  4: list('args', 'string'),
  5: str('workingDir'),
  6: list('ports', ContainerPort),
  7: list('env', EnvVar),
  8: msg('resources', ResourceRequirements),
  9: list('volumeMounts', VolumeMount),
  13: str('terminationMessagePath'),
  14: str('imagePullPolicy'),
  15: msg('securityContext', SecurityContext),
  16: bool('stdin'),
  17: bool('stdinOnce'),
  18: bool('tty'),
  19: list('envFrom', EnvFromSource),
  20: str('terminationMessagePolicy'),
  24: str('restartPolicy', keepZero),
});

const KeyToPath = message('KeyToPath', {
  1: str('key', keepZero),
  2: str('path', keepZero),
  3: int32('mode', keepZero),
});

const VolumeSource = message('VolumeSource', {
  1: msg(
    'hostPath',
    message('HostPathVolumeSource', {
      1: str('path', keepZero),
      2: str('type', keepZero),
    }),
  ),
  2: msg(
    'emptyDir',
    message('EmptyDirVolumeSource', {
      1: str('medium'),
      2: quantity('sizeLimit'),
    }),
  ),
  6: msg(
    'secret',
    message('SecretVolumeSource', {
      1: str('secretName'),
      2: list('items', KeyToPath),
      3: int32('defaultMode', keepZero),
      4: bool('optional', keepZero),
    }),
  ),
  10: msg(
    'persistentVolumeClaim',
    message('PersistentVolumeClaimVolumeSource', {
      1: str('claimName', keepZero),
      2: bool('readOnly'),
    }),
  ),
  19: msg(
    'configMap',
    message('ConfigMapVolumeSource', {
      1: inline(LocalObjectReference),
      2: list('items', KeyToPath),
      3: int32('defaultMode', keepZero),
      4: bool('optional', keepZero),
    }),
  ),
});

const Volume = message('Volume', {
  1: str('name', keepZero),
  2: inline(VolumeSource),
});

const Toleration = message('Toleration', {
  1: str('key'),
  2: str('operator'),
  3: str('value'),
  4: str('effect'),
  5: int64('tolerationSeconds', keepZero),
});

const PodSecurityContext = message('PodSecurityContext', {
  2: int64('runAsUser', keepZero),
  3: bool('runAsNonRoot', keepZero),
  4: list('supplementalGroups', 'int64'),
  5: int64('fsGroup', keepZero),
  6: int64('runAsGroup', keepZero),
});

const PodSpec = message('PodSpec', {
  1: list('volumes', Volume),
  2: list('containers', Container),
  3: str('restartPolicy'),
  4: int64('terminationGracePeriodSeconds', keepZero),
  5: int64('activeDeadlineSeconds', keepZero),
  6: str('dnsPolicy'),
  7: map('nodeSelector', 'string'),
  8: str('serviceAccountName'),
  9: str('serviceAccount'),
  10: str('nodeName'),
  11: bool('hostNetwork'),
  12: bool('hostPID'),
  13: bool('hostIPC'),
  14: msg('securityContext', PodSecurityContext),
  15: list('imagePullSecrets', LocalObjectReference),
  16: str('hostname'),
  17: str('subdomain'),
  19: str('schedulerName'),
  20: list('initContainers', Container),
  21: bool('automountServiceAccountToken', keepZero),
  22: list('tolerations', Toleration),
  24: str('priorityClassName'),
  25: int32('priority', keepZero),
  27: bool('shareProcessNamespace', keepZero),
  29: str('runtimeClassName', keepZero),
  30: bool('enableServiceLinks', keepZero),
  31: str('preemptionPolicy', keepZero),
  35: bool('setHostnameAsFQDN', keepZero),
  37: bool('hostUsers', keepZero),
});

export const Pod = message('Pod', {
  1: metadata(),
  2: msg('spec', PodSpec),
  // The kubelet's report is never a client's to send, but Go writes every non-pointer string of it (empty), so the
  // plain strings are listed; conditions and container statuses are skipped.
  3: msg(
    'status',
    message('PodStatus', {
      1: str('phase'),
      3: str('message'),
      4: str('reason'),
      5: str('hostIP'),
      6: str('podIP'),
      9: str('qosClass'),
      11: str('nominatedNodeName'),
      14: str('resize'),
    }),
  ),
});

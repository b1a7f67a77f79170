/** 32-bit FNV-1a, the hash Argo uses for node ids and v2 pod names. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Argo node id: the workflow name for the root node, `<wf>-<fnv(nodeName)>` otherwise. */
export function nodeId(workflow: string, nodeName: string): string {
  return nodeName === workflow ? workflow : `${workflow}-${fnv1a32(nodeName)}`;
}

/**
 * Argo's pod naming conventions (`workflow/util/pod_name.go@v3.6.4`): `v1` names a pod after its
 * node id, `v2` (the default since Argo 3.4) after its workflow, template and node name.
 */
export type PodNameFormat = 'v1' | 'v2';

/**
 * The controller's `POD_NAMES` environment variable, read as Argo's `GetPodNameVersion` does
 * (`workflow/util/pod_name.go@v3.6.4`): `v1` or `v2`, anything else v2.
 */
export function podNameFormatFromEnv(
  env: Record<string, string | undefined> = process.env,
): PodNameFormat {
  return env.POD_NAMES === 'v1' ? 'v1' : 'v2';
}

/**
 * The name of a step pod (`GeneratePodName`, `workflow/util/pod_name.go@v3.6.4`): v2
 * `<wf>-<templateName>-<fnv(nodeName)>`, v1 the node id. Step pods are never the root node, so
 * the single-pod case (pod = workflow name) does not arise here.
 */
export function podName(
  workflow: string,
  templateName: string,
  nodeName: string,
  format: PodNameFormat = 'v2',
): string {
  if (format === 'v1') return nodeId(workflow, nodeName);
  return `${workflow}-${templateName}-${fnv1a32(nodeName)}`;
}

/** A small deterministic PRNG so a run's durations and log contents are reproducible. */
export function rng(seed: string): () => number {
  let state = fnv1a32(seed) || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

export function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++)
    out += Math.floor(random() * 16).toString(16);
  return out;
}

/** RFC3339 with second precision, as Argo and the kubelet write status times. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

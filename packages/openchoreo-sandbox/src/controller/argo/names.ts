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

/** Pod name format v2: `<wf>-<templateName>-<fnv(nodeName)>`. */
export function podName(
  workflow: string,
  templateName: string,
  nodeName: string,
): string {
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

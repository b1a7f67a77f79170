import fs from 'node:fs';

/**
 * A process's RSS by the kind of memory holding it, from `/proc/self/smaps` (Linux). V8 maps its
 * heap in pages of 256 KiB (regular pages; large objects get mappings of their own size, counted
 * under `otherAnonymous`), glibc's main heap is the `[heap]` mapping, and the `node` binary's
 * code is file-backed. The benchmark prints it around the caches (bench/scale/memory.ts) to tell
 * what the caches cost V8 from what they leave in the allocator.
 */
export interface RssByKind {
  v8Pages: number;
  /** How many 256 KiB V8 page mappings. */
  v8PageCount: number;
  nodeBinary: number;
  mallocHeap: number;
  otherAnonymous: number;
  /** Shared libraries and other file-backed mappings. */
  otherFiles: number;
}

const V8_PAGE_KIB = 256;
const MAPPING = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/;

/** Bytes of RSS by kind; undefined where `/proc/self/smaps` cannot be read (not Linux). */
export function rssByKind(): RssByKind | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  const result: RssByKind = {
    v8Pages: 0,
    v8PageCount: 0,
    nodeBinary: 0,
    mallocHeap: 0,
    otherAnonymous: 0,
    otherFiles: 0,
  };
  const binary = fs.realpathSync(process.execPath);
  let kind: Exclude<keyof RssByKind, 'v8PageCount'> = 'otherAnonymous';
  for (const line of text.split('\n')) {
    const mapping = MAPPING.exec(line);
    if (mapping) {
      const kib = (parseInt(mapping[2], 16) - parseInt(mapping[1], 16)) / 1024;
      const name = mapping[3];
      if (name === '[heap]') kind = 'mallocHeap';
      else if (name === binary) kind = 'nodeBinary';
      else if (name.startsWith('/')) kind = 'otherFiles';
      else if (name === '' && kib === V8_PAGE_KIB) kind = 'v8Pages';
      else kind = 'otherAnonymous';
      if (kind === 'v8Pages') result.v8PageCount += 1;
    } else if (line.startsWith('Rss:')) {
      result[kind] += parseInt(line.slice(4), 10) * 1024;
    }
  }
  return result;
}

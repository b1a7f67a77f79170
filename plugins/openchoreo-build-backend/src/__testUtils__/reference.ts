import fs from 'node:fs';
import path from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';

/**
 * The vendored upstream reference data (`fixtures/reference/` at the repository root; provenance in
 * `fixtures/NOTICE.md`).
 */
// Tests only: resolved from this source file, which is never part of a production build.
// eslint-disable-next-line no-restricted-syntax
export const REFERENCE_DIR = path.resolve(
  __dirname,
  '../../../../fixtures/reference',
);

export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

export function listFiles(dir: string, extension = '.yaml'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full, extension);
    return entry.name.endsWith(extension) ? [full] : [];
  });
}

/** Parses every YAML document of a file; whole-line Helm directives (`{{ if … }}`) are dropped. */
export function loadReferenceYaml<T = unknown>(file: string): T[] {
  const text = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => !/^\s*\{\{.*\}\}\s*$/.test(line))
    .join('\n');
  return (loadAllYaml(text) as unknown[]).filter(Boolean) as T[];
}

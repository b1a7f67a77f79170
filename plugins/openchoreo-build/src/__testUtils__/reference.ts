import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The vendored upstream reference data (`fixtures/reference/` at the repository root; provenance in
 * `fixtures/NOTICE.md`), for the frontend's fixtures.
 */
// Tests only: resolved from this source file, which is never part of a production build.
// eslint-disable-next-line no-restricted-syntax
const REFERENCE_DIR = path.resolve(__dirname, '../../../../fixtures/reference');

/** Every YAML document of a reference file, e.g. `openchoreo/samples-v1.2.3/ci-workflows/dockerfile-builder.yaml`. */
export function loadReferenceYaml<T>(relativePath: string): T[] {
  const text = fs.readFileSync(path.join(REFERENCE_DIR, relativePath), 'utf8');
  return parseAllDocuments(text).map(document => document.toJS() as T);
}

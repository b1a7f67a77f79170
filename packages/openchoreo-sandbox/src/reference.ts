import { resolve } from 'node:path';

/** This file's folder, `packages/openchoreo-sandbox/src`: the sandbox runs from source, never bundled. */
// eslint-disable-next-line no-restricted-syntax
const SOURCE_DIR = __dirname;

/**
 * `<repository>/fixtures/reference`: upstream objects vendored unchanged (provenance and licences in
 * `fixtures/NOTICE.md`), read by the sandbox (the GitOps samples it seeds) and by its tests.
 */
export const REFERENCE_DIR = resolve(
  SOURCE_DIR,
  '..',
  '..',
  '..',
  'fixtures',
  'reference',
);

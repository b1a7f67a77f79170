import fs from 'node:fs';
import path from 'node:path';
import {
  analyzeHolosText,
  type HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * The Holos example plans of `examples/holos/` (see its README), as text and as the analysis the
 * backend answers for them (the same `analyzeHolosText` of -common), for the Render plan views.
 */
// Tests only: resolved from this source file, which is never part of a production build.
// eslint-disable-next-line no-restricted-syntax
const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples/holos');

/** The text of one example file, e.g. `helm-kustomize.yaml` or `invalid/missing-input.yaml`. */
export function holosExampleText(file: string): string {
  return fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
}

/** Example files as one YAML stream, and its analysis. */
export function holosExample(...files: string[]): {
  text: string;
  result: HolosValidationResult;
} {
  const text = files.map(holosExampleText).join('\n---\n');
  return { text, result: analyzeHolosText(text) };
}

import fs from 'node:fs';
import path from 'node:path';

/** The Holos examples of the repository (`examples/holos/`, see its README), shared with -common and the UI. */
// Tests only: resolved from this source file, which is never part of a production build.
// eslint-disable-next-line no-restricted-syntax
export const HOLOS_EXAMPLES_DIR = path.resolve(
  __dirname,
  '../../../../../examples/holos',
);

/** The text of `examples/holos/<name>`. */
export function holosExample(name: string): string {
  return fs.readFileSync(path.join(HOLOS_EXAMPLES_DIR, name), 'utf8');
}

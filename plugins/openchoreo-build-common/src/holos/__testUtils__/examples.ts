import fs from 'fs';
import path from 'path';

/** `examples/holos` of the repository: the example plans the backend, frontend and e2e tests share. */
export const HOLOS_EXAMPLES_DIR = path.resolve(
  __dirname,
  '../../../../../examples/holos',
);

export function readHolosExample(name: string): string {
  return fs.readFileSync(path.join(HOLOS_EXAMPLES_DIR, name), 'utf8');
}

/** A minimal BuildPlan value around the given artifacts, for rule tests. */
export function holosPlan(artifacts: unknown[], extra: object = {}) {
  return {
    apiVersion: 'v1alpha6',
    kind: 'BuildPlan',
    metadata: { name: 'test' },
    spec: { artifacts, ...extra },
  };
}

/** The text at a 1-based line and column, to check that a reported position names the field. */
export function textAt(text: string, line: number, column: number): string {
  return text.split('\n')[line - 1].slice(column - 1);
}

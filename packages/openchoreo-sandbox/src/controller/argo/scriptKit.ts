import { hex } from './names';

/**
 * What every simulated step script shares: its context, its result, and the bits of tool output
 * (ANSI colours, digests, git and npm progress) the v0.9 and GitOps scripts both print.
 */

/** Everything a step's simulated script needs to know about its run. */
export interface ScriptContext {
  params: Record<string, string>;
  random: () => number;
  templateRef: string;
  workflow: string;
  namespace: string;
  gitRevision: string;
  image: string;
  /** `sandbox.openchoreo.dev/log-bytes`: the build step writes about this many bytes. */
  logBytes?: number;
  /** Output parameters written by the steps that ran before, by name (e.g. `branch-name`). */
  produced: Record<string, string>;
}

export interface ScriptOutput {
  name: string;
  value: string;
  path: string;
}

export interface Script {
  /** Realistic duration of the main container, in milliseconds. */
  mainMs: number;
  lines: string[];
  outputs: ScriptOutput[];
  fail?: { message: string; exitCode: number };
}

/** ANSI SGR sequences, as coloured build tools write them. */
export const ansi = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  cyan: '\u001b[36m',
  gray: '\u001b[90m',
};

export function between(
  random: () => number,
  min: number,
  max: number,
): number {
  return Math.round(min + (max - min) * random());
}

export function sha(random: () => number): string {
  return `sha256:${hex(random, 64)}`;
}

/** What `git clone` writes to stderr while it fetches `objects` objects into `dir`. */
export function gitCloneProgress(
  random: () => number,
  dir: string,
  objects: number,
): string[] {
  const deltas = Math.floor(objects * 0.4);
  return [
    `Cloning into '${dir}'...`,
    `remote: Enumerating objects: ${objects}, done.`,
    `remote: Counting objects: 100% (${Math.floor(objects / 3)}/${Math.floor(
      objects / 3,
    )}), done.`,
    `remote: Compressing objects: 100% (${Math.floor(objects / 5)}/${Math.floor(
      objects / 5,
    )}), done.`,
    `remote: Total ${objects} (delta ${deltas}), reused ${Math.floor(
      objects / 4,
    )} (delta ${Math.floor(deltas / 2)}), pack-reused ${Math.floor(
      objects / 2,
    )}`,
    `Receiving objects: 100% (${objects}/${objects}), ${(objects / 600).toFixed(
      2,
    )} MiB | ${between(random, 4, 30)}.${between(random, 10, 99)} MiB/s, done.`,
    `Resolving deltas: 100% (${deltas}/${deltas}), done.`,
  ];
}

/** What podman writes while it copies an image (`podman push`, `podman save`, `podman load`). */
export function podmanCopy(random: () => number, blobs: number): string[] {
  const lines = ['Getting image source signatures'];
  for (let i = 0; i < blobs; i++)
    lines.push(`Copying blob ${sha(random).slice(0, 19)} done   | `);
  lines.push(
    `Copying config ${sha(random).slice(0, 19)} done   | `,
    'Writing manifest to image destination',
  );
  return lines;
}

/** `npm ci` of a React app: deprecation warnings and the audit summary. */
export function npmCiOutput(random: () => number): string[] {
  return [
    `${ansi.yellow}npm WARN${ansi.reset} deprecated inflight@1.0.6: This module is not supported, and leaks memory.`,
    `${ansi.yellow}npm WARN${ansi.reset} deprecated stable@0.1.8: Modern JS already guarantees Array#sort() is a stable sort`,
    ``,
    `added ${between(random, 1200, 1600)} packages, and audited ${between(
      random,
      1600,
      1700,
    )} packages in ${between(random, 20, 60)}s`,
    ``,
    `${between(random, 200, 300)} packages are looking for funding`,
    `  run \`npm fund\` for details`,
  ];
}

/** `react-scripts build` writing into `outputDir`. */
export function reactScriptsBuildOutput(
  random: () => number,
  outputDir: string,
): string[] {
  return [
    ``,
    `> react-starter@0.1.0 build`,
    `> react-scripts build`,
    ``,
    `Creating an optimized production build...`,
    `${ansi.green}Compiled successfully.${ansi.reset}`,
    ``,
    `File sizes after gzip:`,
    ``,
    `  ${between(random, 40, 70)}.${between(random, 10, 99)} kB  ${
      ansi.cyan
    }${outputDir}/static/js/main.${hex(random, 8)}.js${ansi.reset}`,
    `  ${between(random, 1, 3)}.${between(random, 10, 99)} kB   ${
      ansi.cyan
    }${outputDir}/static/js/453.${hex(random, 8)}.chunk.js${ansi.reset}`,
    `  ${between(random, 0, 1)}.${between(random, 100, 999)} kB  ${
      ansi.cyan
    }${outputDir}/static/css/main.${hex(random, 8)}.css${ansi.reset}`,
    ``,
    `The ${outputDir} folder is ready to be deployed.`,
  ];
}

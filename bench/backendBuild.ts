import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * How the benchmark runs its backend process (bench/backend.ts), from BENCH_BACKEND:
 *
 * - `built` (the default): bench/backend.ts and the workspace code it imports (the plugin and
 *   -common, from their `src`) compiled ahead of time into one CommonJS file, which plain `node`
 *   runs; everything from node_modules is required as installed, as in a built Backstage backend.
 * - `transform`: the TypeScript sources under @backstage/cli's on-the-fly transform (swc through a
 *   require hook, plus its module-hooks thread), as `backstage-cli package start` runs a backend.
 *
 * Both run the same plugin code with the same config; `transform` adds ~70 MB of RSS that a
 * deployed backend does not have (docs/performance.md, "Followers of one running step").
 */
export interface BackendLaunch {
  /** The script to fork. */
  script: string;
  /** Node flags of the backend process (BENCH_BACKEND_FLAGS after the benchmark's own). */
  execArgv: string[];
  /** Environment variables for the backend process only (BENCH_BACKEND_ENV), e.g. an allocator. */
  env: Record<string, string>;
  /** One line for the benchmark's output: what it measured. */
  description: string;
}

const ROOT = path.resolve(__dirname, '..');
/** Git-ignored (`.cache/`): the build is made afresh by every benchmark run. */
const OUT_DIR = path.join(ROOT, '.cache', 'bench-backend');
const WORKSPACE_SCOPE = '@openchoreo-build/';

/**
 * Leaves every package import except the workspace's own to Node's `require` at run time, and
 * checks that it finds the same file from the output directory as from the importing source
 * (a workspace package with its own nested node_modules would otherwise get the root's copy).
 */
function externalPackages(): Plugin {
  return {
    name: 'external-packages',
    setup(build) {
      const checked = new Set<string>();
      build.onResolve({ filter: /^[^./]/ }, args => {
        if (args.path.startsWith(WORKSPACE_SCOPE)) return undefined; // bundled from src
        const key = `${args.resolveDir}\0${args.path}`;
        if (!checked.has(key)) {
          checked.add(key);
          const from = (dir: string) => {
            try {
              return createRequire(path.join(dir, 'index.js')).resolve(
                args.path,
              );
            } catch {
              // ESM-only (import()ed) or optional: Node resolves it the same way at run time.
              return undefined;
            }
          };
          const source = from(args.resolveDir);
          const output = from(OUT_DIR);
          if (source !== output)
            throw new Error(
              `${args.path} resolves to ${source} from ${args.resolveDir} but to ${output} from the built backend`,
            );
        }
        return { path: args.path, external: true };
      });
    },
  };
}

async function build(): Promise<{ script: string; kb: number; ms: number }> {
  // esbuild comes with the toolchain (Backstage CLI), as in bench/harness/browserBench.ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const t0 = performance.now();
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const script = path.join(OUT_DIR, 'backend.cjs');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'backend.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // As `backstage-cli package build` leaves them: readable names in errors and CPU profiles.
    minify: false,
    plugins: [externalPackages()],
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  // Written whole, then renamed: a benchmark started meanwhile forks a complete file.
  const temporary = `${script}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, code);
  fs.renameSync(temporary, script);
  return { script, kb: code.length / 1024, ms: performance.now() - t0 };
}

let launch: Promise<BackendLaunch> | undefined;

/** The backend process to fork (BENCH_BACKEND, BENCH_BACKEND_FLAGS); builds it once per run. */
export function backendLaunch(): Promise<BackendLaunch> {
  launch ??= resolveLaunch();
  return launch;
}

async function resolveLaunch(): Promise<BackendLaunch> {
  // A CPU profile names the source files only without the bundle (bench/scale/profileTop.mjs
  // sums time per plugin directory), so profiling keeps the transform unless told otherwise.
  const requested =
    process.env.BENCH_BACKEND ??
    (process.env.BENCH_PROFILE ? 'transform' : 'built');
  if (requested !== 'built' && requested !== 'transform')
    throw new Error(
      `BENCH_BACKEND=${requested}: expected "built" or "transform"`,
    );
  // A platform team's own Node flags (e.g. --max-semi-space-size=2), reported with the figures.
  const flags = (process.env.BENCH_BACKEND_FLAGS ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const env = backendEnv(process.env.BENCH_BACKEND_ENV ?? '');
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  // `reset` collects garbage before RSS is read.
  const own = ['--expose-gc', ...profile];
  const shownEnv = Object.entries(env)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const shownFlags = `node flags: ${[...own, ...flags].join(' ')}${
    shownEnv ? `, backend env: ${shownEnv}` : ''
  }`;
  if (requested === 'transform') {
    return {
      script: path.join(__dirname, 'backend.ts'),
      execArgv: [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        ...own,
        ...flags,
      ],
      env,
      description: `TypeScript transformed on the fly (@backstage/cli nodeTransform), ${shownFlags}`,
    };
  }
  const built = await build();
  const size = `${built.kb.toFixed(0)} KB in ${built.ms.toFixed(0)} ms`;
  return {
    script: built.script,
    execArgv: [...own, ...flags],
    env,
    description: `built: bench/backend.ts + workspace plugins precompiled (esbuild, ${size}), node_modules as installed, ${shownFlags}`,
  };
}

/**
 * BENCH_BACKEND_ENV: `NAME=value` pairs separated by spaces, set for the backend processes only
 * (not the benchmark, the sandbox or the data stores): the memory allocator a platform team may
 * choose, e.g. `LD_PRELOAD=<libjemalloc.so.2>` or `MALLOC_MMAP_THRESHOLD_=32768`.
 */
function backendEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(pair);
    if (!match)
      throw new Error(
        `BENCH_BACKEND_ENV: expected NAME=value pairs separated by spaces, got "${pair}"`,
      );
    env[match[1]] = match[2];
  }
  return env;
}

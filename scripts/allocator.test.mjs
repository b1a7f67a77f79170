// Checks of scripts/allocator.sh, on Node's own test runner (scripts/ is not a workspace).
// Run: node --test scripts/allocator.test.mjs (scripts/test.sh runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const allocatorScript = join(
  dirname(fileURLToPath(import.meta.url)),
  'allocator.sh',
);

// Bash run with a socket as stdin (Node's default pipes) reads ~/.bashrc as a remote shell: no stdin.
function toolPath(name) {
  return execFileSync('bash', ['-c', `command -v ${name}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/**
 * A library the loader preloads on any machine (this Node's own libc) stands in for jemalloc, which
 * the machine running the tests may not have: the lookup only asks whether the loader takes it.
 */
async function loadableLibrary() {
  const maps = await readFile('/proc/self/maps', 'utf8');
  const libc = maps
    .split('\n')
    .map(line => line.split(/\s+/)[5])
    .find(path => path?.endsWith('/libc.so.6'));
  assert.ok(libc, 'this Node maps a libc.so.6');
  return libc;
}

const cacheLine = (name, path, flags = 'libc6,x86-64') =>
  `\t${name} (${flags}) => ${path}\n`;

/**
 * Runs jemalloc_library as scripts/start.sh does (under env.sh's `set -euo pipefail`) with a PATH
 * holding only awk and, unless `ldconfigAt` is null, a fake ldconfig printing `cache` for `-p`:
 * in that PATH ('path'), or only where the fallbacks look ('fallback').
 */
async function lookUp(cache, { ldconfigAt = 'path' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'allocator-test-'));
  try {
    const bin = join(dir, 'bin');
    const sbin = join(dir, 'sbin');
    await mkdir(bin);
    await mkdir(sbin);
    await symlink(toolPath('awk'), join(bin, 'awk'));
    if (ldconfigAt) {
      const ldconfig = join(ldconfigAt === 'path' ? bin : sbin, 'ldconfig');
      await writeFile(join(dir, 'cache.txt'), cache);
      await writeFile(
        ldconfig,
        `#!${toolPath('bash')}\n[ "$1" = -p ] || exit 2\nexec ${toolPath(
          'cat',
        )} ${join(dir, 'cache.txt')}\n`,
      );
      await chmod(ldconfig, 0o755);
    }
    const result = spawnSync(
      toolPath('bash'),
      [
        '-c',
        'set -euo pipefail; source "$1"; found=$(jemalloc_library); echo "found=$found"',
        'lookup',
        allocatorScript,
      ],
      {
        encoding: 'utf8',
        env: { PATH: bin, LDCONFIG_FALLBACKS: join(sbin, 'ldconfig') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const found = path => ({ status: 0, stdout: `found=${path}\n`, stderr: '' });

test('finds libjemalloc.so.2 in the linker cache', async () => {
  const library = await loadableLibrary();
  const cache = `3 libs found in cache \`/etc/ld.so.cache'\n${cacheLine(
    'libz.so.1',
    '/lib/libz.so.1',
  )}${cacheLine('libjemalloc.so.2', library)}${cacheLine(
    'libc.so.6',
    '/lib/libc.so.6',
  )}`;
  assert.deepEqual(await lookUp(cache), found(library));
});

test('a match early in a cache larger than a pipe does not end a pipefail caller with SIGPIPE', async () => {
  // ldconfig still writing after an early match stopped `start.sh --replicas` (exit 141) when the
  // lookup was `$(ldconfig -p | awk '… { print $NF; exit }')`.
  const library = await loadableLibrary();
  const filler = Array.from({ length: 20000 }, (_, i) =>
    cacheLine(`libfiller${i}.so.1`, `/lib/libfiller${i}.so.1`),
  );
  const cache = cacheLine('libjemalloc.so.2', library) + filler.join('');
  assert.ok(cache.length > 1024 * 1024);
  assert.deepEqual(await lookUp(cache), found(library));
});

test('skips a listed library the loader cannot preload (another architecture, a broken file)', async () => {
  const library = await loadableLibrary();
  const dir = await mkdtemp(join(tmpdir(), 'allocator-test-lib-'));
  try {
    const notElf = join(dir, 'libjemalloc.so.2');
    await writeFile(notElf, 'not a shared object\n');
    const cache =
      cacheLine('libjemalloc.so.2', notElf, 'libc6') +
      cacheLine(
        'libjemalloc.so.2',
        join(dir, 'missing', 'libjemalloc.so.2'),
        'libc6',
      ) +
      cacheLine('libjemalloc.so.2', library);
    assert.deepEqual(await lookUp(cache), found(library));
    assert.deepEqual(
      await lookUp(cacheLine('libjemalloc.so.2', notElf, 'libc6')),
      found(''),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('finds ldconfig in /sbin when PATH lacks it (a non-root user on Debian)', async () => {
  const library = await loadableLibrary();
  assert.deepEqual(
    await lookUp(cacheLine('libjemalloc.so.2', library), {
      ldconfigAt: 'fallback',
    }),
    found(library),
  );
});

test('prints nothing when jemalloc is not installed', async () => {
  const cache =
    cacheLine('libjemalloc.so.1', '/lib/libjemalloc.so.1') +
    cacheLine('libc.so.6', '/lib/libc.so.6');
  assert.deepEqual(await lookUp(cache), found(''));
});

test('prints nothing when there is no ldconfig at all', async () => {
  assert.deepEqual(await lookUp('', { ldconfigAt: null }), found(''));
});

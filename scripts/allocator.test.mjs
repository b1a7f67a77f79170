// Checks of scripts/allocator.sh, on Node's own test runner (scripts/ is not a workspace).
// Run: node --test scripts/allocator.test.mjs (scripts/test.sh runs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const allocatorScript = join(
  dirname(fileURLToPath(import.meta.url)),
  'allocator.sh',
);
const JEMALLOC = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

function toolPath(name) {
  return execFileSync('bash', ['-c', `command -v ${name}`], {
    encoding: 'utf8',
  }).trim();
}

/**
 * Runs jemalloc_library as scripts/start.sh does (under env.sh's `set -euo pipefail`) with a PATH
 * that holds only awk and, when given, a fake ldconfig printing `cache` for `ldconfig -p`.
 */
async function lookUp(cache) {
  const bin = await mkdtemp(join(tmpdir(), 'allocator-test-'));
  try {
    await symlink(toolPath('awk'), join(bin, 'awk'));
    if (cache !== undefined) {
      await writeFile(join(bin, 'cache.txt'), cache);
      await writeFile(
        join(bin, 'ldconfig'),
        `#!${toolPath('bash')}\n[ "$1" = -p ] || exit 2\nexec ${toolPath(
          'cat',
        )} ${join(bin, 'cache.txt')}\n`,
      );
      await chmod(join(bin, 'ldconfig'), 0o755);
    }
    const result = spawnSync(
      toolPath('bash'),
      [
        '-c',
        `set -euo pipefail; source "$1"; found=$(jemalloc_library); echo "found=$found"`,
        'lookup',
        allocatorScript,
      ],
      // stdin not a socket: bash run with a socket as stdin reads ~/.bashrc as a remote shell.
      {
        encoding: 'utf8',
        env: { PATH: bin },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  } finally {
    await rm(bin, { recursive: true, force: true });
  }
}

const cacheLine = (name, path) => `\t${name} (libc6,x86-64) => ${path}\n`;

test('finds libjemalloc.so.2 in the linker cache', async () => {
  const cache = `3 libs found in cache \`/etc/ld.so.cache'\n${cacheLine(
    'libz.so.1',
    '/lib/libz.so.1',
  )}${cacheLine('libjemalloc.so.2', JEMALLOC)}${cacheLine(
    'libc.so.6',
    '/lib/libc.so.6',
  )}`;
  assert.deepEqual(await lookUp(cache), {
    status: 0,
    stdout: `found=${JEMALLOC}\n`,
    stderr: '',
  });
});

test('a match early in a cache larger than a pipe does not end a pipefail caller with SIGPIPE', async () => {
  // ldconfig still writing after an early match is what stopped `start.sh --replicas` (exit 141)
  // when the lookup stopped reading at the first match.
  const filler = Array.from({ length: 20000 }, (_, i) =>
    cacheLine(`libfiller${i}.so.1`, `/lib/libfiller${i}.so.1`),
  );
  const cache = cacheLine('libjemalloc.so.2', JEMALLOC) + filler.join('');
  assert.ok(cache.length > 1024 * 1024);
  assert.deepEqual(await lookUp(cache), {
    status: 0,
    stdout: `found=${JEMALLOC}\n`,
    stderr: '',
  });
});

test('prints nothing when jemalloc is not installed', async () => {
  const cache =
    cacheLine('libjemalloc.so.1', '/lib/libjemalloc.so.1') +
    cacheLine('libc.so.6', '/lib/libc.so.6');
  assert.deepEqual(await lookUp(cache), {
    status: 0,
    stdout: 'found=\n',
    stderr: '',
  });
});

test('prints nothing when ldconfig is missing', async () => {
  assert.deepEqual(await lookUp(undefined), {
    status: 0,
    stdout: 'found=\n',
    stderr: '',
  });
});

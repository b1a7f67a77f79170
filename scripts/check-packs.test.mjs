// Unit checks of scripts/check-packs.mjs, on Node's own test runner (no jest: scripts/ is not a workspace).
// Run: node --test scripts/check-packs.test.mjs (scripts/pack-packages.sh runs it before packing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { checkPackedPackage, readTarball } from './check-packs.mjs';

/** A backend plugin as `yarn pack` after `backstage-cli package prepack` lays it out. */
function packedBackendPlugin(overrides = {}) {
  const manifest = {
    name: '@example/plugin-example-backend',
    version: '0.1.0',
    main: './dist/index.cjs.js',
    types: './dist/index.d.ts',
    exports: {
      '.': {
        backstage: '@backstage/BackendFeature',
        require: './dist/index.cjs.js',
        types: './dist/index.d.ts',
        default: './dist/index.cjs.js',
      },
      './package.json': './package.json',
    },
    typesVersions: { '*': { 'package.json': ['package.json'] } },
    backstage: {
      role: 'backend-plugin',
      pluginId: 'example',
      features: { '.': '@backstage/BackendFeature' },
    },
    configSchema: 'config.schema.json',
    dependencies: { '@example/plugin-example-common': '^0.1.0' },
    ...overrides,
  };
  return new Map(
    Object.entries({
      'package.json': JSON.stringify(manifest),
      'dist/index.cjs.js': 'module.exports = {};',
      'dist/index.d.ts': 'export {};',
      'config.schema.json': JSON.stringify({ type: 'object', properties: {} }),
      'migrations/20250101000000_init.js': 'exports.up = async () => {};',
      'README.md': '# example',
      'CHANGELOG.md': '# example',
    }).map(([path, text]) => [path, Buffer.from(text)]),
  );
}

const workspace = {
  role: 'backend-plugin',
  migrations: ['migrations/20250101000000_init.js'],
};

test('a package packed the way Backstage packs it passes', () => {
  assert.deepEqual(checkPackedPackage(packedBackendPlugin(), workspace), []);
});

test('entry points left at src (no prepack) are reported, with the fix', () => {
  const problems = checkPackedPackage(
    packedBackendPlugin({
      main: 'src/index.ts',
      types: 'src/index.ts',
      exports: { '.': './src/index.ts' },
    }),
    workspace,
  );
  assert.ok(
    problems.some(p =>
      p.startsWith('main is "src/index.ts", not a file in dist/'),
    ),
  );
  assert.ok(problems.some(p => p.startsWith('types is "src/index.ts"')));
  assert.ok(
    problems.some(p => p.startsWith('exports["."] is "./src/index.ts"')),
  );
  assert.ok(
    problems.every(
      p => !p.startsWith('main') || p.includes('backstage-cli package prepack'),
    ),
  );
});

test('an entry point into dist that is not in the tarball is reported', () => {
  const files = packedBackendPlugin();
  files.delete('dist/index.d.ts');
  assert.deepEqual(checkPackedPackage(files, workspace), [
    'types is "./dist/index.d.ts", which is not in the tarball (build the package before packing it)',
    'exports["."].types is "./dist/index.d.ts", which is not in the tarball (build the package before packing it)',
  ]);
});

test('shipped sources, a config.d.ts schema, missing docs and workspace ranges are reported', () => {
  const files = packedBackendPlugin({
    configSchema: 'config.d.ts',
    dependencies: { '@example/plugin-example-common': 'workspace:^' },
  });
  files.set('src/index.ts', Buffer.from('export {};'));
  files.delete('CHANGELOG.md');
  assert.deepEqual(checkPackedPackage(files, workspace), [
    'the tarball ships source files (src/index.ts); "files" should list dist, not src',
    'configSchema is "config.d.ts"; prepack should have compiled it into config.schema.json',
    'CHANGELOG.md is not in the tarball',
    'dependencies["@example/plugin-example-common"] is still "workspace:^" (pack with yarn, which replaces workspace ranges)',
  ]);
});

test('a lost role, feature type or migration is reported', () => {
  const files = packedBackendPlugin({ backstage: { role: 'node-library' } });
  files.delete('migrations/20250101000000_init.js');
  assert.deepEqual(checkPackedPackage(files, workspace), [
    'backstage.role is "node-library", the workspace says "backend-plugin"',
    'migrations/20250101000000_init.js is not in the tarball; the plugin runs it at startup',
  ]);
  const noFeature = packedBackendPlugin({
    backstage: { role: 'backend-plugin' },
  });
  assert.deepEqual(checkPackedPackage(noFeature, workspace), [
    'backstage.features["."] is missing: prepack did not find the plugin\'s default export in dist (run yarn tsc before the build)',
  ]);
});

test('readTarball returns the files of a packed tarball without the package/ prefix', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'check-packs-'));
  try {
    await mkdir(join(dir, 'package', 'dist'), { recursive: true });
    await writeFile(join(dir, 'package', 'package.json'), '{"name":"x"}');
    await writeFile(
      join(dir, 'package', 'dist', 'index.cjs.js'),
      'exports.x = 1;',
    );
    const tarball = join(dir, 'x.tgz');
    await create({ gzip: true, file: tarball, cwd: dir }, ['package']);
    const files = await readTarball(tarball);
    assert.deepEqual([...files.keys()].sort(), [
      'dist/index.cjs.js',
      'package.json',
    ]);
    assert.equal(files.get('dist/index.cjs.js').toString(), 'exports.x = 1;');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

#!/usr/bin/env node
// Checks the tarballs scripts/pack-packages.sh makes (`yarn pack` of each publishable package, which runs
// `backstage-cli package prepack`): what an app that installs them from a registry gets must work without this
// repository. Usage: node scripts/check-packs.mjs dist-packs/<package-dir-name>.tgz ...
// Each tarball is compared with its workspace, plugins/<package-dir-name>. One line per package; exit code 1 and
// the reasons when any check fails.
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'tar';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEPENDENCY_FIELDS = [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
  'devDependencies',
];
// Roles whose entry point default-exports a Backstage feature. prepack finds it in the built type declarations
// and records its type in `backstage.features` (package metadata saying what the package offers); when it is
// missing, dist/*.d.ts were not built from this source.
const FEATURE_ENTRY_BY_ROLE = {
  'backend-plugin': '.',
  'backend-plugin-module': '.',
  'frontend-plugin': './alpha',
};

/**
 * Reads a .tgz made by `yarn pack`/`npm pack`.
 * @param {string} file
 * @returns {Promise<Map<string, Buffer>>} file contents by path inside the package (without `package/`)
 */
export async function readTarball(file) {
  const files = new Map();
  const parser = new Parser({
    onReadEntry: entry => {
      const chunks = [];
      entry.on('data', chunk => chunks.push(chunk));
      entry.on('end', () => {
        if (entry.type === 'File') {
          files.set(
            entry.path.replace(/^package\//, ''),
            Buffer.concat(chunks),
          );
        }
      });
    },
  });
  const parsed = new Promise((done, fail) => {
    parser.on('end', done);
    parser.on('error', fail);
  });
  parser.end(await readFile(file));
  await parsed;
  return files;
}

/** `./dist/x.js` and `dist/x.js` name the same file. */
const normalise = target => posix.normalize(target).replace(/^\.\//, '');

/** Every file an `exports` value points at, with the condition path for messages. */
function exportTargets(value, at) {
  if (typeof value === 'string') return [{ at, target: value }];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) =>
      // `backstage` is prepack's feature-type annotation, not a file
      key === 'backstage' ? [] : exportTargets(inner, `${at}.${key}`),
    );
  }
  return [];
}

/**
 * The checks on one packed package.
 * @param {Map<string, Buffer>} files the tarball's files (see readTarball)
 * @param {{ role?: string, migrations?: string[] }} workspace what the package's workspace says: its
 *   `backstage.role` and the migration files it ships at runtime
 * @returns {string[]} what is wrong; empty when the package is fine
 */
export function checkPackedPackage(files, workspace = {}) {
  const problems = [];
  const manifestText = files.get('package.json');
  if (!manifestText) return ['no package.json in the tarball'];
  let pkg;
  try {
    pkg = JSON.parse(manifestText.toString('utf8'));
  } catch (error) {
    return [`package.json is not JSON: ${error.message}`];
  }

  const pointsIntoDist = (field, target) => {
    const path = normalise(target);
    if (path === 'package.json') return;
    if (!path.startsWith('dist/')) {
      problems.push(
        `${field} is "${target}", not a file in dist/ (is "prepack": "backstage-cli package prepack" set and was the package built?)`,
      );
    } else if (!files.has(path)) {
      problems.push(
        `${field} is "${target}", which is not in the tarball (build the package before packing it)`,
      );
    }
  };

  for (const field of ['main', 'module', 'types']) {
    if (pkg[field] !== undefined) pointsIntoDist(field, pkg[field]);
  }
  if (pkg.main === undefined) problems.push('package.json has no "main"');
  if (pkg.types === undefined) problems.push('package.json has no "types"');
  if (pkg.exports !== undefined) {
    const entries =
      typeof pkg.exports === 'string' ? { '.': pkg.exports } : pkg.exports;
    for (const [mount, value] of Object.entries(entries)) {
      for (const { at, target } of exportTargets(
        value,
        `exports["${mount}"]`,
      )) {
        pointsIntoDist(at, target);
      }
    }
  }
  for (const [mount, targets] of Object.entries(
    pkg.typesVersions?.['*'] ?? {},
  )) {
    for (const target of targets) {
      pointsIntoDist(`typesVersions["*"]["${mount}"]`, target);
    }
  }

  const sources = [...files.keys()].filter(path => path.startsWith('src/'));
  if (sources.length > 0) {
    problems.push(
      `the tarball ships source files (${sources.slice(0, 3).join(', ')}${
        sources.length > 3 ? ', …' : ''
      }); "files" should list dist, not src`,
    );
  }

  // prepack compiles the TypeScript `configSchema` (config.d.ts) into config.schema.json at the package root,
  // points `configSchema` at it and ships it in place of config.d.ts.
  if (pkg.configSchema !== undefined) {
    if (pkg.configSchema !== 'config.schema.json') {
      problems.push(
        `configSchema is "${pkg.configSchema}"; prepack should have compiled it into config.schema.json`,
      );
    } else if (!files.has('config.schema.json')) {
      problems.push(
        'configSchema names config.schema.json, which is not in the tarball',
      );
    } else {
      try {
        const schema = JSON.parse(
          files.get('config.schema.json').toString('utf8'),
        );
        if (
          schema?.type !== 'object' ||
          typeof schema.properties !== 'object'
        ) {
          problems.push(
            'config.schema.json is not an object schema with properties',
          );
        }
      } catch (error) {
        problems.push(`config.schema.json is not JSON: ${error.message}`);
      }
    }
  }

  for (const doc of ['README.md', 'CHANGELOG.md']) {
    if (!files.has(doc)) problems.push(`${doc} is not in the tarball`);
  }

  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith('workspace:')) {
        problems.push(
          `${field}["${name}"] is still "${range}" (pack with yarn, which replaces workspace ranges)`,
        );
      }
    }
  }

  const role = pkg.backstage?.role;
  if (!role) {
    problems.push('backstage.role is missing');
  } else if (workspace.role && role !== workspace.role) {
    problems.push(
      `backstage.role is "${role}", the workspace says "${workspace.role}"`,
    );
  }
  const featureEntry = FEATURE_ENTRY_BY_ROLE[role];
  if (featureEntry && !pkg.backstage?.features?.[featureEntry]) {
    problems.push(
      `backstage.features["${featureEntry}"] is missing: prepack did not find the plugin's default export in dist (run yarn tsc before the build)`,
    );
  }

  for (const migration of workspace.migrations ?? []) {
    if (!files.has(migration)) {
      problems.push(
        `${migration} is not in the tarball; the plugin runs it at startup`,
      );
    }
  }
  return problems;
}

/** What the workspace of a tarball (plugins/<tarball name>) says the package must contain. */
async function readWorkspace(tarball) {
  const dir = join(ROOT, 'plugins', basename(tarball, '.tgz'));
  const manifest = JSON.parse(
    await readFile(join(dir, 'package.json'), 'utf8'),
  );
  const migrationsDir = join(dir, 'migrations');
  const migrations = existsSync(migrationsDir)
    ? readdirSync(migrationsDir)
        .filter(name => name.endsWith('.js'))
        .map(name => `migrations/${name}`)
    : [];
  return { role: manifest.backstage?.role, migrations };
}

async function main(tarballs) {
  if (tarballs.length === 0) {
    console.error(
      'usage: node scripts/check-packs.mjs <dist-packs/package-dir-name.tgz>...',
    );
    return 2;
  }
  let failed = 0;
  for (const tarball of tarballs) {
    const name = basename(tarball, '.tgz');
    const files = await readTarball(tarball);
    const problems = checkPackedPackage(files, await readWorkspace(tarball));
    if (problems.length === 0) {
      const pkg = JSON.parse(files.get('package.json').toString('utf8'));
      const exportsList = Object.keys(pkg.exports ?? { '.': pkg.main }).join(
        ' ',
      );
      console.log(
        `ok   ${pkg.name}@${pkg.version}: ${files.size} files, main ${
          pkg.main
        }, exports ${exportsList}${
          pkg.configSchema ? `, ${pkg.configSchema}` : ''
        }`,
      );
    } else {
      failed += 1;
      console.log(`FAIL ${name} (${tarball}):`);
      for (const problem of problems) console.log(`     - ${problem}`);
    }
  }
  if (failed > 0) {
    console.error(
      `${failed} of ${tarballs.length} packed packages failed the checks above`,
    );
    return 1;
  }
  return 0;
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = await main(process.argv.slice(2));
}

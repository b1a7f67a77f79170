// Adds the OpenChoreo Build plugins to an app made by @backstage/create-app, following the
// plugins' READMEs (plugins/*/README.md, "Install"), from the tarballs scripts/pack-packages.sh
// made instead of the npm registry:
//   1. `yarn --cwd packages/app add @openchoreo-build/plugin-openchoreo-build` — the new frontend
//      system discovers it (`app.packages: all` in the template's app-config.yaml);
//   2. `yarn --cwd packages/backend add @openchoreo-build/plugin-openchoreo-build-backend
//      @openchoreo-build/plugin-catalog-backend-module-openchoreo-build` and one `backend.add(...)`
//      line each in packages/backend/src/index.ts.
// The common package is a dependency of both; it is not on the registry either, so a root
// `resolutions` entry points it at its tarball (an installer from npm needs no such entry).
// Usage: node scripts/install-proof/add-plugins.mjs <app dir> <dist-packs dir>
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [appDir, packsDir] = process.argv.slice(2).map(p => path.resolve(p));
if (!appDir || !packsDir) {
  console.error('Usage: add-plugins.mjs <app dir> <dist-packs dir>');
  process.exit(2);
}
const tarball = name => `file:${path.join(packsDir, `${name}.tgz`)}`;
const yarnRelease = fs
  .readdirSync(path.join(appDir, '.yarn/releases'))
  .find(file => file.endsWith('.cjs'));
const yarn = (cwd, args) =>
  execFileSync(
    process.execPath,
    [path.join(appDir, '.yarn/releases', yarnRelease), ...args],
    { cwd: path.join(appDir, cwd), stdio: 'inherit' },
  );

/**
 * create-app pins a coherent set of Backstage releases with a yarn.lock seed it fetches from GitHub,
 * which this machine cannot reach. Without it a range floats to a release made for the next
 * Backstage: plugin-signals-backend 0.3.21 calls httpRouter.addWebSocketHandler, which
 * backend-defaults 0.18 (the template's range) lacks, and the template's backend fails to start.
 * Not the plugins' concern: an installer with the seed never needs this.
 */
const TEMPLATE_PINS = { '@backstage/plugin-signals-backend': '0.3.19' };

const rootManifestPath = path.join(appDir, 'package.json');
const rootManifest = JSON.parse(fs.readFileSync(rootManifestPath, 'utf8'));
rootManifest.resolutions = {
  ...rootManifest.resolutions,
  ...TEMPLATE_PINS,
  '@openchoreo-build/plugin-openchoreo-build-common': tarball(
    'openchoreo-build-common',
  ),
};
fs.writeFileSync(
  rootManifestPath,
  `${JSON.stringify(rootManifest, null, 2)}\n`,
);

yarn('packages/app', [
  'add',
  `@openchoreo-build/plugin-openchoreo-build@${tarball('openchoreo-build')}`,
]);
yarn('packages/backend', [
  'add',
  `@openchoreo-build/plugin-openchoreo-build-backend@${tarball(
    'openchoreo-build-backend',
  )}`,
  `@openchoreo-build/plugin-catalog-backend-module-openchoreo-build@${tarball(
    'catalog-backend-module-openchoreo-build',
  )}`,
]);

const backendIndex = path.join(appDir, 'packages/backend/src/index.ts');
const source = fs.readFileSync(backendIndex, 'utf8');
const start = 'backend.start();';
if (!source.includes(start)) {
  throw new Error(
    `${backendIndex} has no "${start}" line to add the plugins before`,
  );
}
fs.writeFileSync(
  backendIndex,
  source.replace(
    start,
    [
      "// OpenChoreo builds (the plugins' READMEs)",
      "backend.add(import('@openchoreo-build/plugin-openchoreo-build-backend'));",
      "backend.add(import('@openchoreo-build/plugin-catalog-backend-module-openchoreo-build'));",
      '',
      start,
    ].join('\n'),
  ),
);
console.log(`Added the OpenChoreo Build plugins to ${appDir}`);

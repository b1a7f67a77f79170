#!/usr/bin/env node
/*
 * React 17 check: the frontend plugin's peer range says React 17 or 18, as Backstage's own
 * plugins do, and the test suites run on the app's React 18. This installs react and react-dom
 * 17.0.2 from the npm registry (into .sandbox/react17, once), bundles entry.tsx with esbuild with
 * react and react-dom aliased to them, opens it in Debian's Chromium and fails on any page error
 * or on a component that did not render.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');
const {
  chromiumLaunchOptions,
} = require('../../packages/app/e2e-tests/chromium.ts');

const ROOT = path.resolve(__dirname, '../..');
const DIR = path.join(ROOT, '.sandbox/react17');
const REACT17 = path.join(DIR, 'node_modules');

function installReact17() {
  if (fs.existsSync(path.join(REACT17, 'react-dom/package.json'))) return;
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, 'package.json'), '{"private":true}\n');
  execFileSync(
    'npm',
    [
      'install',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      'react@17.0.2',
      'react-dom@17.0.2',
    ],
    { cwd: DIR, stdio: 'inherit' },
  );
}

/** React 17 has no react-dom/client; the test utilities' provider module imports it. */
function writeClientShim() {
  fs.writeFileSync(
    path.join(REACT17, 'react-dom/client.js'),
    "const ReactDOM = require('./index.js');\n" +
      'exports.createRoot = c => ({ render: e => ReactDOM.render(e, c), unmount: () => ReactDOM.unmountComponentAtNode(c) });\n' +
      'exports.hydrateRoot = (c, e) => ReactDOM.hydrate(e, c);\n',
  );
}

async function main() {
  installReact17();
  writeClientShim();
  const bundle = await esbuild.build({
    entryPoints: [path.join(__dirname, 'entry.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    loader: { '.svg': 'empty' },
    logLevel: 'error',
    alias: {
      react: path.join(REACT17, 'react'),
      'react-dom': path.join(REACT17, 'react-dom'),
    },
  });
  const script = bundle.outputFiles[0].text.replace(/<\/script/g, '<\\/script');
  const file = path.join(DIR, 'page.html');
  fs.writeFileSync(
    file,
    `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div><script>${script}</script></body></html>`,
  );

  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', error => errors.push(String(error)));
    page.on('console', message => {
      if (message.type() === 'error')
        errors.push(message.text().split('\n')[0]);
    });
    await page.goto(`file://${file}`);
    const checks = {
      react: () => page.evaluate(() => window.reactVersion),
      'log lines': () => page.locator('[data-line]').count(),
      'First error button': () =>
        page.getByRole('button', { name: 'First error' }).count(),
      'status filter': () => page.getByRole('combobox').count(),
      'build history strip': () =>
        page.locator('[data-testid^="build-strip-item-"]').count(),
      'step outputs': () => page.getByTestId('step-outputs').count(),
    };
    // Rendering is synchronous in ReactDOM.render; wait for the log's rows (virtualized, measured).
    await page
      .locator('[data-line]')
      .first()
      .waitFor({ timeout: 30_000 })
      .catch(() => {});
    const found = {};
    for (const [name, read] of Object.entries(checks))
      found[name] = await read();
    console.log('react17-check:', JSON.stringify(found));
    const problems = [...errors];
    if (found.react !== '17.0.2')
      problems.push(`rendered with React ${found.react}`);
    for (const [name, count] of Object.entries(found))
      if (name !== 'react' && !(count > 0))
        problems.push(`${name}: not rendered`);
    if (problems.length > 0) {
      console.error(`react17-check: FAILED\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log(
        'react17-check: OK (the components rendered on React 17.0.2 without errors)',
      );
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

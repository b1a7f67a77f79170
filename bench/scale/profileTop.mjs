#!/usr/bin/env node
/**
 * Where a backend's CPU went: the top self-time frames of a V8 .cpuprofile (BENCH_PROFILE), and
 * the same time summed per package or plugin directory.
 *
 *   node bench/scale/profileTop.mjs <file.cpuprofile> [--window <events-window.json>] [--top 20]
 *
 * With --window only the samples inside the benchmark's event phase count (bench:scale with
 * BENCH_PROFILE writes events-window.json beside the profiles: the phase on the profile's clock).
 */
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = name => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
};
const windowFile = option('--window');
const top = Number(option('--top') ?? 20);
const [file] = args;
if (!file) {
  console.error(
    'usage: profileTop.mjs <file.cpuprofile> [--window <events-window.json>] [--top 20]',
  );
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const window = windowFile
  ? JSON.parse(fs.readFileSync(windowFile, 'utf8'))
  : { startUs: -Infinity, endUs: Infinity };

const nodes = new Map(profile.nodes.map(node => [node.id, node]));
/** Self µs per node id, over the samples inside the window. */
const self = new Map();
let at = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  at += profile.timeDeltas[i];
  // A sample stands for the time until the next one.
  const duration = profile.timeDeltas[i + 1] ?? 0;
  if (at < window.startUs || at > window.endUs) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + duration);
  total += duration;
}

const shortUrl = url =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, '~/')
    .replace(/^.*\/(plugins|packages)\//, '$1/');
const frames = new Map();
const places = new Map();
for (const [id, us] of self) {
  const { callFrame } = nodes.get(id);
  const url = shortUrl(callFrame.url);
  const frame = `${callFrame.functionName || '(anonymous)'} ${url}${
    url ? `:${callFrame.lineNumber + 1}` : ''
  }`;
  frames.set(frame, (frames.get(frame) ?? 0) + us);
  const place = url.startsWith('~/')
    ? url
        .split('/')
        .slice(0, url.startsWith('~/@') ? 3 : 2)
        .join('/')
    : url.startsWith('node:')
    ? url
    : url.replace(/\/[^/]*$/, '') || callFrame.functionName;
  places.set(place, (places.get(place) ?? 0) + us);
}
const print = (title, map) => {
  console.log(`${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total)
        .toFixed(1)
        .padStart(5)}%  ${name}`,
    );
};
print('top self time per function', frames);
console.log();
print('self time per package or directory', places);

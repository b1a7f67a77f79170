import type { BackendProcess } from './backendProcess';
import { processCpuMs } from './scale/measure';
import {
  follow,
  logLine,
  NS,
  ORG,
  syntheticRun,
  type Sandbox,
} from './stepFixtures';

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
const cpuMs = (pid: number) => {
  const { user, system } = processCpuMs(pid);
  return user + system;
};

/**
 * `count` followers of one running step, through `api` (one backend, or a proxy in front of
 * several): the step writes 20,000 lines while they follow; every follower must get each line
 * once. Prints lines lost / duplicated, the backends' RSS and CPU, and how many upstream
 * `pods/log` follows the sandbox saw (one per backend process when followers share them).
 */
export async function measureFollowers(options: {
  sandbox: Sandbox;
  api: string;
  backends: BackendProcess[];
  count: number;
  runName: string;
  print: (key: string, value: string) => void;
  label?: string;
}): Promise<void> {
  const { sandbox, api, backends, count, runName, print } = options;
  const label = options.label ?? '';
  const running = syntheticRun(sandbox, runName, false);
  running.append(Array.from({ length: 100 }, (_, i) => logLine(i)));
  // Each pods/log?follow=true request listens for the container's new lines.
  let upstreamFollows = 0;
  sandbox.buildPlane.logs
    .get(NS, running.podName, 'main')!
    .events.on('newListener', (event: string) => {
      if (event === 'lines') upstreamFollows += 1;
    });
  const idle: string[] = [];
  for (const backend of backends) {
    await backend.ask('reset');
    const stats = await backend.ask<{ rss: number; heap: number }>('stats');
    idle.push(`${mb(stats.rss)} MB / ${mb(stats.heap)} MB`);
  }
  print(`${label}backend RSS / heap before the followers`, idle.join(' + '));
  const followers = Array.from({ length: count }, () =>
    follow(`${api}/runs/${ORG}/${runName}/steps/build-step/logs`),
  );
  // The backends' CPU from the first connection to the last line: what memory-saving Node flags
  // (BENCH_BACKEND_FLAGS) cost in time.
  const cpu0 = backends.map(b => cpuMs(b.child.pid!));
  const c0 = performance.now();
  await Promise.all(followers.map(f => f.connected));
  print(
    `${label}${count} followers connected`,
    `${(performance.now() - c0).toFixed(0)} ms`,
  );
  const TOTAL = 20_000;
  for (let written = 100; written < TOTAL; written += 200) {
    running.append(Array.from({ length: 200 }, (_, i) => logLine(written + i)));
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  running.finish();
  await Promise.all(followers.map(f => f.done));
  const cpu = backends.map(
    (b, i) => `${(cpuMs(b.child.pid!) - cpu0[i]).toFixed(0)} ms`,
  );
  const peaks: string[] = [];
  for (const backend of backends) {
    const stats = await backend.ask<{ peakRss: number; peakHeap: number }>(
      'stats',
    );
    peaks.push(`${mb(stats.peakRss)} MB / ${mb(stats.peakHeap)} MB`);
  }
  const expected = running.lines;
  const lost = followers.reduce((sum, f) => sum + (expected - f.received), 0);
  const duplicates = followers.reduce((sum, f) => sum + f.duplicates, 0);
  print(
    `${label}${count} followers: lines per follower`,
    `${expected.toLocaleString()} (ended cleanly: ${
      followers.filter(f => f.ended).length
    }/${count})`,
  );
  print(
    `${label}${count} followers: lines lost / duplicated`,
    `${lost} / ${duplicates}`,
  );
  print(
    `${label}${count} followers: backend peak RSS / heap`,
    peaks.join(' + '),
  );
  print(
    `${label}${count} followers: backend CPU (user + system)`,
    cpu.join(' + '),
  );
  print(
    `${label}${count} followers: upstream follows`,
    `${upstreamFollows} pods/log?follow=true request(s) for ${backends.length} backend(s)`,
  );
  if (lost > 0 || duplicates > 0)
    throw new Error(
      `followers lost ${lost} and duplicated ${duplicates} lines (must be 0 / 0)`,
    );
}

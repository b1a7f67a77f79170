/**
 * `yarn bench`: the log pipeline benchmark (not a test). Prints, measured in one run on this machine:
 *
 * 1. throughput of a 50 MB step log through the backend SSE stream ÷ a direct read of pods/log from
 *    the build plane (same sandbox, same log), the CPU each process used per read, and the time to
 *    the first line of each (and the difference: the backend's first line overhead)
 *    (bench/throughput.ts);
 * 2. 200 (`BENCH_FOLLOWERS`) concurrent followers of one running step: backend peak RSS / heap,
 *    lines lost / duplicated, upstream follow requests (bench/followers.ts);
 * 3. the LogViewer in headless Chromium with 1,000,000 lines: time to first render, search time,
 *    JS heap (bench/harness/browserBench.ts).
 *
 * The sandbox runs in this process (the big log comes from a run annotated with
 * `sandbox.openchoreo.dev/log-bytes`; the followed step is written straight into its log store, see
 * docs/performance.md); the backend runs in a child process (bench/backend.ts) so its memory is its own,
 * built ahead of time unless BENCH_BACKEND=transform (bench/backendBuild.ts). BENCH_ONLY=throughput,
 * followers or browser runs one part.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox } from '@openchoreo-build/sandbox';
import { benchBackendConfig } from './backendConfig';
import { backendLaunch } from './backendBuild';
import { backendProcess, killBackends } from './backendProcess';
import { measureFollowers } from './followers';
import { printBrowserBench } from './harness/browserBench';
import { ORG } from './stepFixtures';
import { measureThroughput } from './throughput';

/** Concurrent followers of one running step (`BENCH_FOLLOWERS`, e.g. 1000). */
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 200);
/** `throughput`: part 1 only; `followers`: part 2 only; `browser`: part 3 only. */
const ONLY = process.env.BENCH_ONLY;

async function main() {
  if (ONLY === 'browser') {
    await printBrowserBench((key, value) =>
      console.log(`${key.padEnd(44)} ${value}`),
    );
    return;
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-'));
  const sandbox = await startSandbox({
    portBase: 0,
    speed: 'fast',
    stateDir,
    ttlSecondsAfterCompletion: 3600,
  });
  const backend = await backendProcess(
    benchBackendConfig(sandbox, [ORG], {
      // All followers are one user: the per-user cap (20) would refuse most of them.
      limits: {
        logStreams: { perUser: FOLLOWERS + 20, total: FOLLOWERS + 100 },
      },
    }),
  );
  const api = `http://127.0.0.1:${backend.port}/api/openchoreo-build`;
  const results: Record<string, string> = {};
  const print = (key: string, value: string) => {
    results[key] = value;
    console.log(`${key.padEnd(44)} ${value}`);
  };
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(
      os.totalmem() /
      2 ** 30
    ).toFixed(1)} GiB, Node ${process.version}`,
  );
  console.log(`backend: ${(await backendLaunch()).description}`);
  try {
    if (ONLY !== 'followers') {
      // 1. 50 MB step log: backend stream vs direct read (bench/throughput.ts).
      await measureThroughput({
        sandbox,
        api,
        backendPid: backend.child.pid!,
        print,
      });
    }
    if (ONLY === 'throughput') return;
    // 2. FOLLOWERS followers of one running step (they share one upstream follow per backend).
    await measureFollowers({
      sandbox,
      api,
      backends: [backend],
      count: FOLLOWERS,
      runName: 'react-starter-workflow-be000200',
      print,
    });
  } finally {
    backend.child.send({ type: 'stop' });
    await sandbox.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }

  if (ONLY === 'throughput' || ONLY === 'followers') return;
  // 3. The viewer in headless Chromium (bench/harness/browserBench.ts).
  await printBrowserBench(print);
}

// Ctrl-C or a kill: stop the backend child (it also exits when its IPC channel closes) and end;
// the in-process sandbox and Chromium die with this process.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killBackends();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);

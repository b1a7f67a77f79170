import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ObserverTarget } from '../buildplane/observerTarget';
import { StaticObserverCredentials } from '../observer/observerAuth';
import type { ArchivedLogEntry } from './observerArchive';
import { readRunLog } from './runLog';
import { scanRunArchive, type RunArchiveSource } from './runArchive';
import { PARTIAL_RECORD_BYTES, StepArchive } from './StepArchive';
import type { StepLocator } from './stepLocator';

const OBSERVER = 'https://observer.test';
const CLONE = '7f1c2a9e-0000-4000-8000-000000000001';
const BUILD = '7f1c2a9e-0000-4000-8000-000000000002';

/**
 * An entry as the v0.9 observer answers it (`ParseLogEntry`,
 * internal/observer/opensearch/types.go@v0.9.0): `podId` is the pod UID, `labels` the pod's labels.
 */
function entry(
  podId: string,
  second: number,
  log: string,
  containerName = 'main',
): ArchivedLogEntry {
  return {
    timestamp: `2025-03-01T10:00:${String(second).padStart(2, '0')}Z`,
    log,
    logLevel: 'UNDEFINED',
    podId,
    containerName,
    namespace: 'openchoreo-ci-acme',
    labels: {
      'workflows.argoproj.io/workflow': 'wf-1',
      'workflows.argoproj.io/completed': 'true',
    },
    componentId: '',
    environmentId: '',
    projectId: '',
    version: '',
    versionId: '',
  };
}

const observer: ObserverTarget = {
  url: OBSERVER,
  credentials: StaticObserverCredentials.none(),
  source: 'observabilityPlane',
  origin: 'ObservabilityPlane acme/default',
};

function source(extra: Partial<RunArchiveSource> = {}): RunArchiveSource {
  return {
    observer,
    workflowName: 'wf-1',
    since: '2025-03-01T10:00:00Z',
    timeoutMs: 5000,
    maxEntries: 1000,
    ...extra,
  };
}

describe('the observer archive of a run', () => {
  const server = setupServer();
  const limits: number[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    limits.length = 0;
  });
  afterAll(() => server.close());

  /**
   * Serves `entries` as the v0.9 observer does: `startTime < t` (exclusive, milliseconds:
   * `addTimeRangeFilter`, internal/observer/opensearch/queries.go@v0.9.0), ascending, at most `limit`.
   */
  function archive(entries: ArchivedLogEntry[]) {
    server.use(
      http.post(`${OBSERVER}/api/logs/build/wf-1`, async ({ request }) => {
        const body = (await request.json()) as {
          startTime: string;
          limit: number;
        };
        limits.push(body.limit);
        const from = Date.parse(body.startTime);
        const logs = entries
          .filter(e => Date.parse(e.timestamp) > from)
          .slice(0, body.limit);
        return HttpResponse.json({ logs, totalCount: logs.length, tookMs: 3 });
      }),
    );
  }

  it('groups entries by pod UID in order of their first line', async () => {
    archive([
      entry(CLONE, 1, 'executor starting', 'init'),
      entry(CLONE, 2, 'Cloning into /mnt/vol/source'),
      entry(BUILD, 5, 'STEP 1/4: FROM node:20'),
      entry(CLONE, 3, 'done', 'wait'),
      entry(BUILD, 6, 'STEP 2/4: COPY . .'),
    ]);
    const scan = await scanRunArchive(source());
    expect(scan).toEqual({
      pods: [
        {
          podUid: CLONE,
          firstAt: '2025-03-01T10:00:01Z',
          lastAt: '2025-03-01T10:00:03Z',
          mainLines: 1,
        },
        {
          podUid: BUILD,
          firstAt: '2025-03-01T10:00:05Z',
          lastAt: '2025-03-01T10:00:06Z',
          mainLines: 2,
        },
      ],
      truncated: false,
    });
  });

  it('loses no entry when a page ends inside a millisecond (the time filter is exclusive)', async () => {
    // 7 lines per millisecond, pages of 10: every page ends in the middle of a millisecond.
    const dense = Array.from({ length: 70 }, (_, i) => ({
      ...entry(BUILD, 1, `line ${i}`),
      timestamp: `2025-03-01T10:00:01.${String(Math.floor(i / 7)).padStart(
        3,
        '0',
      )}Z`,
    }));
    archive(dense);
    const texts: string[] = [];
    await readRunLog(source({ pageSize: 10 }), batch => {
      texts.push(...batch.map(line => line.text));
      return true;
    });
    expect(texts).toEqual(dense.map(e => e.log));
  });

  it('stops at the entry cap and says the archive was cut', async () => {
    archive(Array.from({ length: 50 }, (_, i) => entry(BUILD, i, `line ${i}`)));
    const scan = await scanRunArchive(source({ maxEntries: 20, pageSize: 10 }));
    expect(scan.truncated).toBe(true);
    expect(scan.pods[0].mainLines).toBe(20);
  });

  it('never asks the observer for more than 10 000 entries (OpenSearch max_result_window)', async () => {
    // 30 000 lines at one timestamp: the page widens up to 10 000 and then gives up with a reason.
    const same = Array.from({ length: 30_000 }, (_, i) =>
      entry(BUILD, 1, `line ${i}`),
    );
    archive(same);
    await expect(
      scanRunArchive(source({ maxEntries: 100_000, pageSize: 2000 })),
    ).rejects.toThrow(/more than 10000 lines at .*max_result_window/);
    expect(Math.max(...limits)).toBe(10_000);
    await scanRunArchive(source({ maxEntries: 5, pageSize: 50_000 })).catch(
      () => undefined,
    );
    expect(Math.max(...limits)).toBe(10_000);
  });

  it("reads a step's lines by its pod UID only: other pods' and other containers' lines stay out", async () => {
    archive([
      entry(CLONE, 1, 'executor starting', 'init'),
      entry(CLONE, 2, 'Cloning into /mnt/vol/source'),
      entry(BUILD, 5, 'STEP 1/4: FROM node:20'),
      entry(BUILD, 6, 'STEP 2/4: COPY . .'),
      entry(BUILD, 7, 'capturing logs', 'wait'),
    ]);
    const locator = {
      observer,
      workflowName: 'wf-1',
      namespace: 'acme',
      runName: 'run-1',
      step: 'build-step',
      stepLabel: 'step build-step of run acme/run-1',
      runCreatedAt: '2025-03-01T10:00:00Z',
      connector: { label: 'build plane acme/bp' },
    } as unknown as StepLocator;
    const step = new StepArchive({ locator, timeoutMs: 5000 });
    await step.identify(BUILD);
    const texts: string[] = [];
    await step.read(
      {
        filter: () => Object.assign(() => true, { passed: true }),
        lastKey: () => '',
        lines: async lines => {
          texts.push(...lines.text);
        },
      },
      new AbortController().signal,
    );
    expect(texts).toEqual(['STEP 1/4: FROM node:20', 'STEP 2/4: COPY . .']);
  });

  it("identifies an expired run's step through the archived steps, or says which steps exist", async () => {
    const locator = {
      observer,
      workflowName: 'wf-1',
      namespace: 'acme',
      runName: 'run-1',
      step: 'deploy',
    } as unknown as StepLocator;
    const known = ['clone-step (uid-1)', 'build-step (uid-2)'];
    const missing = new StepArchive({
      locator,
      timeoutMs: 5000,
      archivedStep: async () => ({ known }),
    });
    await expect(missing.identify(undefined)).rejects.toThrow(
      'Step deploy not found in the archived logs of run acme/run-1 (steps in the archive: clone-step (uid-1), build-step (uid-2))',
    );
    const found = new StepArchive({
      locator,
      timeoutMs: 5000,
      archivedStep: async name => ({
        step: {
          id: BUILD,
          name,
          phase: 'Succeeded',
          outputs: {},
          attempts: [],
          podUid: BUILD,
        },
        known,
      }),
    });
    expect(await found.identify(undefined)).toBe(BUILD);
  });

  it('reads the whole-run log in time order, each line tagged with its pod, split records joined', async () => {
    const long = 'x'.repeat(PARTIAL_RECORD_BYTES);
    archive([
      entry(CLONE, 1, 'executor', 'init'),
      entry(CLONE, 2, 'Cloning'),
      entry(BUILD, 3, long),
      entry(BUILD, 3, 'tail'),
      entry(BUILD, 4, 'built'),
    ]);
    const lines: Array<{ n: number; step: string; text: string }> = [];
    const result = await readRunLog(source(), batch => {
      lines.push(...batch.map(({ n, step, text }) => ({ n, step, text })));
      return true;
    });
    expect(result).toEqual({ complete: true, archiveTruncated: false });
    expect(lines).toEqual([
      { n: 0, step: CLONE, text: 'Cloning' },
      { n: 1, step: BUILD, text: `${long}tail` },
      { n: 2, step: BUILD, text: 'built' },
    ]);
  });

  it('reads lines as each container runtime wrote them: Docker keeps the newline, containerd the CRI prefix and P/F parts', async () => {
    archive([
      // Docker json-file through v0.9's fluent-bit `docker` parser: the text ends with its newline.
      entry(CLONE, 1, 'Cloning into /mnt/vol/source...\n'),
      // containerd: the CRI line arrives unparsed; `P` parts continue in the next record.
      entry(BUILD, 2, '2025-03-01T10:00:02.000000001Z stdout P STEP 1/9: '),
      entry(
        BUILD,
        2,
        '2025-03-01T10:00:02.000000002Z stdout F FROM golang:1.22',
      ),
      entry(
        BUILD,
        3,
        '2025-03-01T10:00:03.000000000Z stderr F warning: cache miss',
      ),
    ]);
    const texts: string[] = [];
    await readRunLog(source(), batch => {
      texts.push(...batch.map(line => line.text));
      return true;
    });
    expect(texts).toEqual([
      'Cloning into /mnt/vol/source...',
      'STEP 1/9: FROM golang:1.22',
      'warning: cache miss',
    ]);
  });
});

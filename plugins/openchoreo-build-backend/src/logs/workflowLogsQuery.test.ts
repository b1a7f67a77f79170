import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { StaticObserverCredentials } from '../observer/observerAuth';
import { ArchiveReader, type ArchivedLogEntry } from './observerArchive';
import {
  clampV1Window,
  fetchWorkflowLogsPage,
  MAX_V1_PAGE_SIZE,
} from './workflowLogsQuery';

const OBSERVER = 'https://observer.test';
const observer = {
  url: OBSERVER,
  credentials: StaticObserverCredentials.none(),
  source: 'observabilityPlane' as const,
  origin: 'ClusterObservabilityPlane default',
};
const scope = {
  namespace: 'default',
  workflowRunName: 'greeting-service-run-1a2b3c4d',
  taskName: 'containerfile-build',
};

interface QueryBody {
  startTime: string;
  endTime: string;
  limit: number;
  sortOrder: string;
  searchScope: Record<string, string>;
}

/** Lines one a second from 10:00:00, as v1.2.3 answers them (second-precision RFC3339). */
function lines(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: `2026-08-20T10:${String(Math.floor((from + i) / 60)).padStart(
      2,
      '0',
    )}:${String((from + i) % 60).padStart(2, '0')}Z`,
    log: `line ${from + i}`,
  }));
}

describe('v1 observer query (POST /api/v1/logs/query)', () => {
  const server = setupServer();
  const bodies: QueryBody[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    bodies.length = 0;
  });

  it('sends the workflow search scope with the task, oldest first, and reads {logs, total, tookMs}', async () => {
    server.use(
      http.post(`${OBSERVER}/api/v1/logs/query`, async ({ request }) => {
        bodies.push((await request.json()) as QueryBody);
        return HttpResponse.json({ logs: lines(2), total: 2, tookMs: 3 });
      }),
    );
    const page = await fetchWorkflowLogsPage(
      observer,
      scope,
      {
        startTime: '2026-08-20T09:59:00Z',
        endTime: '2026-08-20T10:05:00Z',
        limit: 5000,
      },
      { timeoutMs: 5000 },
    );
    expect(bodies).toEqual([
      {
        startTime: '2026-08-20T09:59:00Z',
        endTime: '2026-08-20T10:05:00Z',
        // The observer refuses more than config.MaxLimit (1000).
        limit: MAX_V1_PAGE_SIZE,
        sortOrder: 'asc',
        searchScope: scope,
      },
    ]);
    expect(page.logs.map(l => l.log)).toEqual(['line 0', 'line 1']);
    expect(page.totalCount).toBe(2);
  });

  it('clamps a window longer than 30 days at its start, which the observer would refuse', () => {
    expect(
      clampV1Window('2026-01-01T00:00:00Z', '2026-03-01T00:00:00.000Z'),
    ).toEqual({
      startTime: '2026-01-30T00:00:00.000Z',
      endTime: '2026-03-01T00:00:00.000Z',
      clamped: true,
    });
    expect(
      clampV1Window('2026-02-20T00:00:00Z', '2026-03-01T00:00:00Z').clamped,
    ).toBe(false);
  });

  it("passes the observer's 400 on as a 502 with its message", async () => {
    server.use(
      http.post(`${OBSERVER}/api/v1/logs/query`, () =>
        HttpResponse.json(
          {
            title: 'badRequest',
            errorCode: '',
            message: 'query time range cannot exceed 30 days',
          },
          { status: 400 },
        ),
      ),
    );
    await expect(
      fetchWorkflowLogsPage(
        observer,
        scope,
        {
          startTime: '2026-08-20T09:59:00Z',
          endTime: '2026-08-20T10:05:00Z',
          limit: 10,
        },
        { timeoutMs: 5000 },
      ),
    ).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringContaining(
        'failed (HTTP 400) for the archived logs of run default/greeting-service-run-1a2b3c4d (task containerfile-build)',
      ),
    });
  });

  it('pages through a step with second-precision timestamps without losing or repeating lines', async () => {
    const archive = lines(2500);
    server.use(
      http.post(`${OBSERVER}/api/v1/logs/query`, async ({ request }) => {
        const body = (await request.json()) as QueryBody;
        bodies.push(body);
        // A time filter exclusive at the start (gt), as v0.9's was; the answer is sorted.
        const after = Date.parse(body.startTime);
        const matching = archive.filter(l => Date.parse(l.timestamp) > after);
        return HttpResponse.json({
          logs: matching.slice(0, body.limit),
          total: Math.min(matching.length, 1000),
          tookMs: 1,
        });
      }),
    );
    const reader = new ArchiveReader(observer, {
      runName: scope.workflowRunName,
      startTime: '2026-08-20T09:59:59Z',
      pageSize: 5000,
      timeoutMs: 5000,
      query: {
        fetch: (window, options) =>
          fetchWorkflowLogsPage(observer, scope, window, options),
        maxPageSize: MAX_V1_PAGE_SIZE,
        endTime: () => '2026-08-20T11:00:00Z',
      },
    });
    const seen: ArchivedLogEntry[] = [];
    await reader.read(entries => {
      seen.push(...entries);
    });
    expect(seen.map(e => e.log)).toEqual(archive.map(l => l.log));
    expect(bodies.every(b => b.limit === MAX_V1_PAGE_SIZE)).toBe(true);
    expect(bodies.every(b => b.endTime === '2026-08-20T11:00:00Z')).toBe(true);
  });
});

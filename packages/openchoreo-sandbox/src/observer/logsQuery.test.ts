import { LogStore } from '../logs/logstore';
import {
  readLogsQuery,
  searchWorkflowLogs,
  WorkflowLogsQuery,
} from './logsQuery';

/**
 * `POST /api/v1/logs/query` as OpenChoreo v1.2.3's observer answers workflow-run queries
 * (`internal/observer/api/handlers/validations.go@v1.2.3`, `service/logs.go@v1.2.3`,
 * `service/logs_adapter.go@v1.2.3`).
 */

const T0 = Date.parse('2026-01-10T10:00:00Z');

function storeWithRun(): LogStore {
  const store = new LogStore();
  const write = (
    ns: string,
    pod: string,
    wf: string,
    lines: Array<[number, string]>,
  ) => {
    const log = store.register(ns, pod, 'main', `${pod}-uid`, wf);
    for (const [ms, text] of lines) store.append(log, text, ms);
    store.end(log);
  };
  write('workflows-nova', 'run-a-checkout-1', 'run-a', [
    [T0 + 1000, 'checkout 1'],
    [T0 + 2500, 'checkout 2'],
  ]);
  write('workflows-nova', 'run-a-build-image-2', 'run-a', [
    [T0 + 4000, 'build 1'],
    [T0 + 5000, 'build 2'],
  ]);
  write('workflows-nova', 'run-b-checkout-3', 'run-b', [
    [T0 + 1500, 'other run'],
  ]);
  write('workflows-acme', 'run-a-checkout-4', 'run-a', [
    [T0 + 1500, 'other ns'],
  ]);
  return store;
}

const body = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    startTime: '2026-01-10T09:00:00Z',
    endTime: '2026-01-10T11:00:00Z',
    searchScope: { namespace: 'nova', workflowRunName: 'run-a' },
    ...overrides,
  });

function query(overrides: Record<string, unknown> = {}): WorkflowLogsQuery {
  const q = readLogsQuery('application/json', body(overrides));
  if ('title' in q || q.kind !== 'workflow') throw new Error(JSON.stringify(q));
  return q;
}

describe('v1 logs query', () => {
  it('answers the run’s lines in workflows-<namespace>, newest first by default, timestamps in whole seconds', () => {
    const answer = searchWorkflowLogs(storeWithRun(), query());
    expect(answer).toEqual({
      logs: [
        { timestamp: '2026-01-10T10:00:05Z', log: 'build 2' },
        { timestamp: '2026-01-10T10:00:04Z', log: 'build 1' },
        { timestamp: '2026-01-10T10:00:02Z', log: 'checkout 2' },
        { timestamp: '2026-01-10T10:00:01Z', log: 'checkout 1' },
      ],
      total: 4,
    });
  });

  it('sorts ascending and stops at the limit, counting every match in total', () => {
    const answer = searchWorkflowLogs(
      storeWithRun(),
      query({ sortOrder: 'asc', limit: 2 }),
    );
    expect(answer.logs.map(l => l.log)).toEqual(['checkout 1', 'checkout 2']);
    expect(answer.total).toBe(4);
  });

  it('accepts taskName but does not narrow by it, as v1.2.3 drops it before the logs adapter', () => {
    // logs_adapter.go@v1.2.3:41-44,198-202 sends {namespace, workflowRunName} only.
    const scoped = query({
      searchScope: {
        namespace: 'nova',
        workflowRunName: 'run-a',
        taskName: 'build-image',
      },
    });
    expect(scoped.taskName).toBe('build-image');
    expect(searchWorkflowLogs(storeWithRun(), scoped).total).toBe(4);
  });

  it('keeps lines inside [startTime, endTime)', () => {
    const answer = searchWorkflowLogs(
      storeWithRun(),
      query({
        startTime: '2026-01-10T10:00:02Z',
        endTime: '2026-01-10T10:00:05Z',
      }),
    );
    expect(answer.logs.map(l => l.log)).toEqual(['build 1', 'checkout 2']);
  });

  it.each([
    [
      { endTime: '2026-02-10T09:00:01Z' },
      'query time range cannot exceed 30 days',
    ],
    [{ endTime: '2026-01-10T08:00:00Z' }, 'endTime must be after startTime'],
    [{ startTime: '' }, 'startTime is required'],
    [{ limit: 1001 }, 'limit cannot exceed 1000'],
    [{ limit: -1 }, 'limit must be a positive integer'],
    [{ sortOrder: 'newest' }, "sortOrder must be either 'asc' or 'desc'"],
    [{ searchScope: undefined }, 'searchScope is required'],
    [
      { searchScope: { namespace: ' ', workflowRunName: 'x' } },
      'searchScope.namespace is required',
    ],
    [{ limit: 'ten' }, 'Invalid request format'],
    [
      {
        searchScope: { namespace: 'nova', workflowRunName: 'x', project: 'p' },
      },
      'Invalid request format',
    ],
  ])('refuses %j with 400 "%s"', (overrides, message) => {
    expect(readLogsQuery('application/json', body(overrides))).toEqual({
      errorCode: '',
      message,
      title: 'badRequest',
    });
  });

  it('reads a namespace-only scope as a component scope, which finds no build logs', () => {
    expect(
      readLogsQuery(
        'application/json',
        body({ searchScope: { namespace: 'nova' } }),
      ),
    ).toEqual({ kind: 'component' });
  });
});

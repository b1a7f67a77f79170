import { rawRequest } from '../__testUtils__/harness';
import { LogStore } from '../logs/logstore';
import {
  BuildLogsAnswer,
  postBuildLogs,
  startObserver,
} from './__testUtils__/servers';

/**
 * `POST /api/logs/build/{buildId}` as OpenChoreo's v0.9 observer answers it:
 * `internal/observer/handlers/handlers.go@v0.9.0` (`GetBuildLogs`), `validations.go@v0.9.0`
 * (`validateTimes`), `internal/observer/httputil/json.go@v0.9.0` (`BindJSON`, `WriteJSON`),
 * `internal/observer/opensearch/queries.go@v0.9.0` (`BuildBuildLogsQuery`, `GenerateIndices`),
 * `internal/observer/opensearch/types.go@v0.9.0` (`ParseLogEntry`, `extractLogLevel`),
 * `internal/observer/service/service.go@v0.9.0` (`{logs, totalCount, tookMs}`).
 */

const NS = 'openchoreo-ci-default';
const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const RUN = 'greeter-workflow-1a2b3c4d';
const LABELS = {
  'workflows.argoproj.io/workflow': RUN,
  'workflows.argoproj.io/completed': 'false',
};
/** A window around T0 that holds every line the tests write. */
const WINDOW = {
  startTime: '2024-05-01T09:00:00Z',
  endTime: '2024-05-01T11:00:00Z',
};

let store: LogStore;
let observer: Awaited<ReturnType<typeof startObserver>>;

beforeEach(async () => {
  store = new LogStore();
  observer = await startObserver(store);
});
afterEach(() => observer.close());

/** Declares a pod container (as the Argo emulation does) and writes `lines` at `ms` + i. */
function write(
  pod: string,
  container: string,
  uid: string,
  lines: string[],
  ms = T0,
  namespace = NS,
  labels: Record<string, string> = LABELS,
) {
  const log = store.register(namespace, pod, container, uid, RUN, labels);
  lines.forEach((text, i) => store.append(log, text, ms + i));
  return log;
}

async function query(body: unknown, buildId = RUN) {
  const res = await postBuildLogs(observer.url, buildId, body);
  return {
    status: res.status,
    raw: res.body,
    json: JSON.parse(res.body) as BuildLogsAnswer & Record<string, unknown>,
  };
}

describe('request validation (validateTimes, BindJSON)', () => {
  it('requires startTime, then endTime: 400 OBS-L-12 with upstream message', async () => {
    const noStart = await query({ endTime: WINDOW.endTime });
    expect(noStart.status).toBe(400);
    // WriteJSON: json.Encoder ends the value with a newline.
    expect(noStart.raw).toBe(
      '{"error":"invalidRequest","code":"OBS-L-12","message":"Required field startTime not found"}\n',
    );
    const noEnd = await query({ startTime: WINDOW.startTime });
    expect(noEnd.json).toEqual({
      error: 'invalidRequest',
      code: 'OBS-L-12',
      message: 'Required field endTime not found',
    });
    // An empty JSON object and `null` unmarshal to zero values: the same first message.
    expect((await query({})).json.message).toBe(
      'Required field startTime not found',
    );
    expect((await query('null')).json.message).toBe(
      'Required field startTime not found',
    );
  });

  it('answers "Invalid request format" for an empty body, a non-JSON type, bad JSON and mistyped fields', async () => {
    const invalid = {
      error: 'invalidRequest',
      code: 'OBS-L-12',
      message: 'Invalid request format',
    };
    expect((await query('')).json).toEqual(invalid);
    expect((await query('{"startTime":')).json).toEqual(invalid);
    expect((await query('[]')).json).toEqual(invalid);
    expect((await query({ ...WINDOW, limit: '10' })).json).toEqual(invalid);
    expect((await query({ ...WINDOW, limit: 1.5 })).json).toEqual(invalid);
    expect((await query({ ...WINDOW, startTime: 5 })).json).toEqual(invalid);
    const form = await postBuildLogs(
      observer.url,
      RUN,
      JSON.stringify(WINDOW),
      {
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    );
    expect(form.status).toBe(400);
    expect(JSON.parse(form.body)).toEqual(invalid);
    // No content type at all is accepted, as BindJSON checks it only when present.
    const bare = await postBuildLogs(observer.url, RUN, WINDOW, {});
    expect(bare.status).toBe(200);
  });

  it('matches field names case-insensitively, as encoding/json does', async () => {
    write(`${RUN}-build-1`, 'main', 'uid-1', ['a', 'b']);
    const res = await query({
      StartTime: WINDOW.startTime,
      ENDTIME: WINDOW.endTime,
      Limit: 1,
    });
    expect(res.status).toBe(200);
    expect(res.json.logs).toHaveLength(1);
  });

  it("rejects non-RFC3339 times and an end before the start with Go's texts", async () => {
    const local = await query({ ...WINDOW, startTime: '2024-01-01T00:00:00' });
    expect(local.json.message).toBe(
      'startTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    );
    const garbage = await query({ ...WINDOW, endTime: 'invalid-time' });
    expect(garbage.json.message).toBe(
      'endTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): parsing time "invalid-time" as "2006-01-02T15:04:05Z07:00": cannot parse "invalid-time" as "2006"',
    );
    const reversed = await query({
      startTime: '2024-01-01T02:00:00Z',
      endTime: '2024-01-01T01:00:00Z',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.json.message).toBe(
      'endTime (2024-01-01 01:00:00 +0000 UTC) must be after startTime (2024-01-01 02:00:00 +0000 UTC)',
    );
    // Equal times are valid (and select nothing: the range is exclusive).
    const equal = await query({
      startTime: '2024-01-01T12:00:00Z',
      endTime: '2024-01-01T12:00:00Z',
    });
    expect(equal.status).toBe(200);
    expect(equal.json).toMatchObject({ logs: [], totalCount: 0 });
  });
});

describe('the archive query (BuildBuildLogsQuery)', () => {
  it('defaults to limit 100 and ascending order, and answers {logs, totalCount, tookMs}', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => `line ${i}`);
    write(`${RUN}-build-1`, 'main', 'uid-1', lines);
    const res = await query(WINDOW);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual([
      'logs',
      'tookMs',
      'totalCount',
    ]);
    expect(res.json.totalCount).toBe(150);
    expect(res.json.logs.map(l => l.log)).toEqual(lines.slice(0, 100));
    expect(res.json.tookMs).toEqual(expect.any(Number));
  });

  it('matches pods whose name starts with the build id, in collected namespaces only', async () => {
    write(`${RUN}-build-1`, 'main', 'uid-build', ['build']);
    // A wildcard `{buildId}*`: a longer run name with the same prefix matches too.
    write(`${RUN}0-build-2`, 'main', 'uid-longer', ['longer name']);
    write(`other-${RUN}-build-3`, 'main', 'uid-other', ['other run']);
    // fluent-bit tails openchoreo-* namespaces only.
    write(`${RUN}-build-4`, 'main', 'uid-ns', ['not collected'], T0, 'default');
    const res = await query(WINDOW);
    expect(res.json.logs.map(l => l.podId).sort()).toEqual([
      'uid-build',
      'uid-longer',
    ]);
    // `*` and `?` in the build id are wildcards too.
    const any = await query(WINDOW, '*-build-3');
    expect(any.json.logs.map(l => l.log)).toEqual(['other run']);
  });

  it('keeps lines strictly between startTime and endTime, at millisecond precision', async () => {
    const log = store.register(NS, `${RUN}-build-1`, 'main', 'uid-1', RUN);
    store.append(log, 'at start', T0);
    store.append(log, 'inside', T0 + 1);
    store.append(log, 'at end', T0 + 2);
    const res = await query({
      startTime: '2024-05-01T10:00:00.000999Z',
      endTime: '2024-05-01T10:00:00.002Z',
    });
    // gt 10:00:00.000 (the microseconds fall away in a millisecond date field), lt .002.
    expect(res.json.logs.map(l => l.log)).toEqual(['inside']);
    expect(res.json.logs[0].timestamp).toBe('2024-05-01T10:00:00.001Z');
  });

  it('honours limit and sortOrder across pods and containers', async () => {
    write(`${RUN}-clone-1`, 'main', 'uid-1', ['c1', 'c2'], T0);
    write(`${RUN}-build-2`, 'main', 'uid-2', ['b1', 'b2'], T0 + 10);
    write(`${RUN}-build-2`, 'wait', 'uid-2', ['w1'], T0 + 11);
    const asc = await query({ ...WINDOW, limit: 3 });
    expect(asc.json.logs.map(l => l.log)).toEqual(['c1', 'c2', 'b1']);
    expect(asc.json.totalCount).toBe(5);
    // Lines of one millisecond (b2, w1) come in the sandbox's declaration order, reversed by desc.
    const desc = await query({ ...WINDOW, sortOrder: 'desc', limit: 3 });
    expect(desc.json.logs.map(l => l.log)).toEqual(['w1', 'b2', 'b1']);
    // OpenSearch reads the order case-insensitively; other words fail the search.
    const upper = await query({ ...WINDOW, sortOrder: 'DESC', limit: 1 });
    expect(upper.json.logs.map(l => l.log)).toEqual(['w1']);
    const wrong = await query({ ...WINDOW, sortOrder: 'newest' });
    expect(wrong.status).toBe(500);
  });

  it('fails a limit above max_result_window (10000) or below zero as the observer surfaces it: 500 OBS-L-25', async () => {
    write(`${RUN}-build-1`, 'main', 'uid-1', ['x']);
    const failed = {
      error: 'internalError',
      code: 'OBS-L-25',
      message: 'Failed to retrieve logs',
    };
    const over = await query({ ...WINDOW, limit: 10001 });
    expect(over.status).toBe(500);
    expect(over.json).toEqual(failed);
    expect((await query({ ...WINDOW, limit: -1 })).json).toEqual(failed);
    expect((await query({ ...WINDOW, limit: 10000 })).status).toBe(200);
  });

  it('fails a time range whose daily index list overflows the OpenSearch request line', async () => {
    write(`${RUN}-build-1`, 'main', 'uid-1', ['x']);
    // One `container-logs-YYYY.MM.DD` per day goes into the URL: a year is too many.
    const year = await query({
      startTime: '2023-05-01T00:00:00Z',
      endTime: WINDOW.endTime,
    });
    expect(year.status).toBe(500);
    const month = await query({
      startTime: '2024-04-01T00:00:00Z',
      endTime: WINDOW.endTime,
    });
    expect(month.status).toBe(200);
    expect(month.json.totalCount).toBe(1);
  });

  it('counts at most 10000 hits (track_total_hits)', async () => {
    const lines = Array.from({ length: 10050 }, (_, i) => `l${i}`);
    const log = store.register(NS, `${RUN}-build-1`, 'main', 'uid-1', RUN);
    store.append(log, lines.join('\n'), T0);
    const res = await query({ ...WINDOW, limit: 10 });
    expect(res.json.totalCount).toBe(10000);
    expect(res.json.logs.map(l => l.log)).toEqual(lines.slice(0, 10));
  });

  it('stores a line longer than 16 KiB as several records, as the container runtime splits it', async () => {
    const long = 'x'.repeat(16 * 1024 + 10);
    write(`${RUN}-build-1`, 'main', 'uid-1', [long, 'next']);
    const res = await query(WINDOW);
    expect(res.json.logs.map(l => l.log.length)).toEqual([16 * 1024, 10, 4]);
    expect(res.json.totalCount).toBe(3);
  });
});

describe('entries (ParseLogEntry)', () => {
  it('carry the pod UID as podId, the pod labels, namespace, container and the level found in the text', async () => {
    write(
      `${RUN}-build-1`,
      'main',
      '5f1c9a52-3a55-4c7e-9d0b-0a6b1c2d3e4f',
      ['Step 3/7 : RUN go build', 'WARNING: cache miss'],
      T0 + 120,
      NS,
      {
        'workflows.argoproj.io/workflow': RUN,
        'workflows.argoproj.io/completed': 'false',
        'openchoreo.dev/component-uid': 'c-uid',
      },
    );
    const res = await query(WINDOW);
    expect(res.json.logs[0]).toEqual({
      timestamp: '2024-05-01T10:00:00.12Z',
      log: 'Step 3/7 : RUN go build',
      logLevel: 'UNDEFINED',
      componentId: 'c-uid',
      environmentId: '',
      projectId: '',
      version: '',
      versionId: '',
      namespace: NS,
      podId: '5f1c9a52-3a55-4c7e-9d0b-0a6b1c2d3e4f',
      containerName: 'main',
      labels: {
        'openchoreo.dev/component-uid': 'c-uid',
        'workflows.argoproj.io/completed': 'false',
        'workflows.argoproj.io/workflow': RUN,
      },
    });
    // extractLogLevel: WARNING is reported as WARN.
    expect(res.json.logs[1].logLevel).toBe('WARN');
    // Go escapes HTML characters in JSON strings.
    write(`${RUN}-build-2`, 'main', 'uid-2', ['a <b> & c'], T0 + 200);
    const escaped = await query(WINDOW);
    expect(escaped.raw).toContain('a \\u003cb\\u003e \\u0026 c');
    expect(escaped.json.logs.map(l => l.log)).toContain('a <b> & c');
  });
});

describe('routes (cmd/observer/main.go)', () => {
  it('answers /health, and 404/405 for what the mux does not route', async () => {
    const health = await rawRequest(`${observer.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({
      status: 'healthy',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    const wrongMethod = await rawRequest(`${observer.url}/api/logs/build/x`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    const unknown = await rawRequest(`${observer.url}/api/logs/build/`, {
      method: 'POST',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('404 page not found\n');
  });
});

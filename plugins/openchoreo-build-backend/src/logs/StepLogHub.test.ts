import { parseStepLogLinesData } from '@openchoreo-build/plugin-openchoreo-build-common';
import { TimestampCursor } from './dedup';
import { RawLineBatch, type LineBatch } from './lineBatch';
import type { LogPoint } from './logPoint';
import { scanKubeletLines } from './rawLines';
import { formatLogEventId } from './resumeId';
import type { StepLogSessionResult, StepLogSink } from './sessionTypes';
import { StepLogHub, type HubFollower, type HubOutcome } from './StepLogHub';
import { hubKeyOf, StepLogHubs, type HubStep } from './StepLogHubs';

/**
 * The hub against a scripted reader: the test plays the shared session (delivers batches, ends,
 * fails) and checks what each follower gets. The truth for every line number and event id is a
 * solo reader's: numbers from 0, ids `n:key:count` from a TimestampCursor over every line.
 */

/** 60 lines, three per timestamp (so cursor counts matter), in the kubelet's format. */
const LOG = Array.from({ length: 60 }, (_, i) => ({
  ts: `2024-05-01T10:00:${String(Math.floor(i / 3)).padStart(
    2,
    '0',
  )}.000000000Z`,
  text: `line ${i}`,
}));

/** The cursor a solo reader has after line `n` (what its event id carries). */
function truthCursor(n: number) {
  const cursor = new TimestampCursor();
  for (let i = 0; i <= n; i += 1) cursor.observe(LOG[i].ts);
  return { key: cursor.key, count: cursor.count };
}

const pointAt = (next: number): LogPoint =>
  next === 0 ? { next } : { next, cursor: truthCursor(next - 1) };

/** Lines `from…to-1` as the session delivers them: columns, or kubelet bytes with `raw`. */
function batchOf(from: number, to: number, raw = false): LineBatch {
  const cursor = truthCursor(to - 1);
  if (raw) {
    const buf = Buffer.from(
      LOG.slice(from, to)
        .map(l => `${l.ts} ${l.text}\n`)
        .join(''),
    );
    const starts: number[] = [];
    const ends: number[] = [];
    expect(scanKubeletLines(buf, buf.length, starts, ends)).toBe(true);
    const batch = new RawLineBatch(from, {
      buf,
      starts,
      ends,
      from: 0,
      count: starts.length,
    });
    batch.cursor = cursor;
    return batch;
  }
  return {
    n: from,
    ts: LOG.slice(from, to).map(l => l.ts),
    text: LOG.slice(from, to).map(l => l.text),
    ascii: true,
    cursor,
  };
}

/** The shared session, played by the test. */
class ScriptedReader {
  sink!: StepLogSink;
  start!: LogPoint;
  signal!: AbortSignal;
  starts = 0;
  private settle!: {
    resolve: (r: StepLogSessionResult) => void;
    reject: (e: unknown) => void;
  };

  readonly read = (sink: StepLogSink, start: LogPoint, signal: AbortSignal) => {
    this.sink = sink;
    this.start = start;
    this.signal = signal;
    this.starts += 1;
    return new Promise<StepLogSessionResult>((resolve, reject) => {
      this.settle = { resolve, reject };
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  };

  deliver(batch: LineBatch) {
    // The hub never makes its reader wait for a follower.
    if (this.sink.lines(batch) !== undefined)
      throw new Error('the hub made its reader wait');
  }

  end(totalLines: number) {
    this.settle.resolve({ complete: true, totalLines, source: 'live' });
  }

  fail(error: Error) {
    this.settle.reject(error);
  }
}

interface Seen {
  ids: string[];
  lines: Array<{ n: number; ts: string | null; text: string }>;
  frames: Buffer[];
  events: string[];
  point?: LogPoint;
}

/** A follower recording what it got; `stallAfter` frames it reports more than its cap. */
function follower(options: { stallAfter?: number } = {}) {
  const seen: Seen = { ids: [], lines: [], frames: [], events: [] };
  const drained: { resolve?: (ok: boolean) => void } = {};
  const target: HubFollower = {
    writeLines(frame, after) {
      seen.frames.push(frame.bytes);
      const text = frame.bytes.toString('utf8');
      seen.ids.push(/^id: (.*)$/m.exec(text)![1]);
      const data = text
        .split('\n')
        .filter(l => l.startsWith('data: '))
        .map(l => l.slice(6))
        .join('\n');
      const event = parseStepLogLinesData(data);
      event.text.forEach((t, i) =>
        seen.lines.push({ n: event.n + i, ts: event.ts[i], text: t }),
      );
      seen.point = after;
      if (
        options.stallAfter !== undefined &&
        seen.frames.length >= options.stallAfter
      )
        return new Promise<boolean>(resolve => {
          drained.resolve = resolve;
        });
      return undefined;
    },
    source: source => seen.events.push(`source:${source}`),
    waiting: message => seen.events.push(`waiting:${message}`),
    notice: error => seen.events.push(`notice:${error.message}`),
  };
  return { target, seen, drained, controller: new AbortController() };
}

type Follower = ReturnType<typeof follower>;

function attach(hub: StepLogHub, f: Follower, point: LogPoint) {
  const outcome = hub.attach(f.target, point, f.controller.signal);
  if (typeof outcome === 'string') throw new Error(`not joined: ${outcome}`);
  return outcome;
}

/** Every line from `from` on, once, in order, with the solo reader's numbers and ids. */
function expectSolo(seen: Seen, from: number, to: number) {
  expect(seen.lines.map(l => l.n)).toEqual(
    Array.from({ length: to - from }, (_, i) => from + i),
  );
  expect(seen.lines.map(l => l.text)).toEqual(
    LOG.slice(from, to).map(l => l.text),
  );
  let last = from - 1;
  for (const id of seen.ids) {
    const lastN = Number(id.split(':')[0]);
    expect(lastN).toBeGreaterThan(last);
    expect(id).toBe(formatLogEventId(lastN, truthCursor(lastN)));
    last = lastN;
  }
  expect(last).toBe(to - 1);
}

function hubWith(
  reader: ScriptedReader,
  options: { windowBytes?: number; start?: LogPoint } = {},
) {
  const stops: number[] = [];
  const hub = new StepLogHub({
    start: options.start ?? { next: 0 },
    windowBytes: options.windowBytes ?? 1024 * 1024,
    reader: reader.read,
    onStop: () => stops.push(1),
  });
  return { hub, stops };
}

const flush = () => new Promise(resolve => setImmediate(resolve));

describe('StepLogHub', () => {
  it('fans every batch out to every follower as the same bytes, and ends them all with the same totalLines', async () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    const a = follower();
    const b = follower();
    const doneA = attach(hub, a, { next: 0 });
    const doneB = attach(hub, b, { next: 0 });
    reader.sink.source('live', 'pod p');
    reader.deliver(batchOf(0, 10));
    reader.deliver(batchOf(10, 25, true));
    reader.deliver(batchOf(25, 60));
    reader.end(60);
    const [endA, endB] = await Promise.all([doneA, doneB]);
    expect(endA).toEqual({
      kind: 'end',
      result: { complete: true, totalLines: 60, source: 'live' },
    });
    expect(endB).toEqual(endA);
    expectSolo(a.seen, 0, 60);
    expectSolo(b.seen, 0, 60);
    // One frame built per batch, written to each follower.
    a.seen.frames.forEach((frame, i) => expect(b.seen.frames[i]).toBe(frame));
    expect(a.seen.events).toEqual(['source:live']);
    expect(reader.starts).toBe(1);
    expect(hub.isStopped).toBe(true);
  });

  it('gives a late follower the lines before its position from the window, then the live ones, without gap or duplicate at the seam', async () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    const first = follower();
    const firstDone = attach(hub, first, { next: 0 });
    reader.sink.source('live', 'pod p');
    reader.deliver(batchOf(0, 8));
    reader.deliver(batchOf(8, 20, true));
    // From line 0, from a batch boundary, and from inside a batch whose cursor count is mid-way
    // through a timestamp (line 13 shares its second with 12 and 14).
    const fromStart = follower();
    const fromBoundary = follower();
    const fromInside = follower();
    const dones = [
      attach(hub, fromStart, pointAt(0)),
      attach(hub, fromBoundary, pointAt(8)),
      attach(hub, fromInside, pointAt(14)),
    ];
    expect(fromInside.seen.events).toEqual(['source:live']); // told the source on joining
    reader.deliver(batchOf(20, 31));
    reader.deliver(batchOf(31, 60, true));
    reader.end(60);
    await Promise.all([firstDone, ...dones]);
    expectSolo(first.seen, 0, 60);
    expectSolo(fromStart.seen, 0, 60);
    expectSolo(fromBoundary.seen, 8, 60);
    expectSolo(fromInside.seen, 14, 60);
  });

  it('refuses a follower whose cursor differs at the same line number (its numbering is not the hub’s)', () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    attach(hub, follower(), { next: 0 });
    reader.deliver(batchOf(0, 20));
    const other = follower();
    expect(
      hub.attach(
        other.target,
        { next: 14, cursor: { key: LOG[30].ts, count: 1 } },
        other.controller.signal,
      ),
    ).toBe('mismatch');
    expect(other.seen.lines).toEqual([]);
  });

  it('sends a follower older than the window back to read alone, and keeps the window within its byte cap', () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader, { windowBytes: 600 });
    attach(hub, follower(), { next: 0 });
    for (let from = 0; from < 60; from += 5)
      reader.deliver(batchOf(from, from + 5));
    const { windowStart, windowBytes, position } = hub.stats;
    expect(position).toBe(60);
    expect(windowStart).toBeGreaterThan(0);
    expect(windowBytes).toBeLessThanOrEqual(600);
    expect(hub.check(pointAt(0))).toBe('behind');
    expect(hub.check(pointAt(windowStart - 1))).toBe('behind');
    expect(hub.check(pointAt(windowStart))).toBe('join');
    const late = follower();
    void attach(hub, late, pointAt(windowStart + 2));
    expectSolo(late.seen, windowStart + 2, 60);
  });

  it('holds a follower that is ahead of the hub until the hub reaches it, then checks the seam', async () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    attach(hub, follower(), { next: 0 });
    reader.deliver(batchOf(0, 10));
    const ahead = follower();
    const aheadDone = attach(hub, ahead, pointAt(16));
    const wrong = follower();
    const wrongDone = attach(hub, wrong, {
      next: 16,
      cursor: { key: LOG[15].ts, count: 3 }, // line 15 is the first of its second: count 1
    });
    reader.deliver(batchOf(10, 14));
    expect(ahead.seen.lines).toEqual([]);
    reader.deliver(batchOf(14, 30, true));
    expect(await wrongDone).toEqual({ kind: 'mismatch' });
    reader.deliver(batchOf(30, 60));
    reader.end(60);
    expect(await aheadDone).toMatchObject({ kind: 'end' });
    expectSolo(ahead.seen, 16, 60);
  });

  it('lets a slow follower go without holding up the reader or the others', async () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    const fast = follower();
    const slow = follower({ stallAfter: 2 });
    const fastDone = attach(hub, fast, { next: 0 });
    const slowDone = attach(hub, slow, { next: 0 });
    reader.deliver(batchOf(0, 10));
    reader.deliver(batchOf(10, 20));
    const outcome = await slowDone;
    expect(outcome.kind).toBe('slow');
    // It knows where it is: after the last event it was given (which is in its buffer).
    expect(slow.seen.point).toEqual(pointAt(20));
    reader.deliver(batchOf(20, 60)); // the reader went on (deliver checks it was not made to wait)
    reader.end(60);
    await fastDone;
    expectSolo(fast.seen, 0, 60);
    expect(slow.seen.lines).toHaveLength(20);
    slow.drained.resolve!(true);
    await expect(
      (outcome as Extract<HubOutcome, { kind: 'slow' }>).drained,
    ).resolves.toBe(true);
  });

  it('stops the upstream reader when the last follower leaves, and not before', async () => {
    const reader = new ScriptedReader();
    const { hub, stops } = hubWith(reader);
    const a = follower();
    const b = follower();
    const doneA = attach(hub, a, { next: 0 });
    const doneB = attach(hub, b, { next: 0 });
    reader.deliver(batchOf(0, 10));
    a.controller.abort();
    expect(await doneA).toEqual({ kind: 'stopped' });
    expect(reader.signal.aborted).toBe(false);
    reader.deliver(batchOf(10, 20));
    expect(b.seen.lines).toHaveLength(20);
    b.controller.abort();
    expect(await doneB).toEqual({ kind: 'stopped' });
    expect(reader.signal.aborted).toBe(true);
    expect(stops).toEqual([1]);
    expect(hub.isStopped).toBe(true);
    // A stopped hub takes nobody (the registry has forgotten it already).
    const c = follower();
    expect(await attach(hub, c, { next: 0 })).toEqual({ kind: 'stopped' });
  });

  it('tells every follower when the shared reader fails for good', async () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    const a = follower();
    const done = attach(hub, a, { next: 0 });
    reader.sink.notice(new Error('plane unreachable, retrying'));
    const gone = Object.assign(new Error('run acme/r1 not found'), {
      name: 'NotFoundError',
    });
    reader.fail(gone);
    expect(await done).toEqual({ kind: 'failed', error: gone });
    expect(a.seen.events).toEqual(['notice:plane unreachable, retrying']);
  });

  it('tells a follower that joins while the step waits what it waits for', () => {
    const reader = new ScriptedReader();
    const { hub } = hubWith(reader);
    attach(hub, follower(), { next: 0 });
    reader.sink.source('live', 'pod p');
    reader.sink.waiting('Container main is waiting to start');
    const late = follower();
    void attach(hub, late, { next: 0 });
    expect(late.seen.events).toEqual([
      'source:live',
      'waiting:Container main is waiting to start',
    ]);
    reader.deliver(batchOf(0, 3));
    const later = follower();
    void attach(hub, later, { next: 0 });
    expect(later.seen.events).toEqual(['source:live']);
  });
});

describe('StepLogHubs', () => {
  const step = (over: Partial<HubStep> = {}): HubStep => ({
    namespace: 'acme',
    runName: 'r1',
    step: 'build-step',
    lastStep: { id: 'r1-123' },
    buildRun: { uid: 'u1' },
    connector: { label: 'build plane acme/default' },
    ...over,
  });

  it('keys a step by its id once resolved, so a name and an id share one hub', () => {
    expect(hubKeyOf(step())).toBe(hubKeyOf(step({ step: 'r1-123' })));
    expect(hubKeyOf(step())).not.toBe(
      hubKeyOf(step({ buildRun: { uid: 'u2' } })),
    );
    expect(hubKeyOf(step({ lastStep: undefined }))).not.toBe(hubKeyOf(step()));
  });

  it('starts one reader per step at the first follower’s position and forgets it when it stops', async () => {
    const readers: ScriptedReader[] = [];
    const hubs = new StepLogHubs({
      windowBytes: 1024 * 1024,
      startReader: (_step, sink, start, signal) => {
        const reader = new ScriptedReader();
        readers.push(reader);
        return reader.read(sink, start, signal);
      },
    });
    expect(hubs.canJoin(step(), pointAt(5))).toBe(true);
    const a = follower();
    const b = follower();
    const doneA = hubs.join(step(), pointAt(5), a.target, a.controller.signal);
    const doneB = hubs.join(
      step({ step: 'r1-123' }),
      pointAt(5),
      b.target,
      b.controller.signal,
    );
    expect(readers).toHaveLength(1);
    expect(readers[0].start).toEqual(pointAt(5));
    expect(hubs.stats()).toMatchObject([{ followers: 2, position: 5 }]);
    a.controller.abort();
    b.controller.abort();
    await Promise.all([doneA, doneB]);
    expect(readers[0].signal.aborted).toBe(true);
    expect(hubs.stats()).toEqual([]);
    await flush();
  });
});

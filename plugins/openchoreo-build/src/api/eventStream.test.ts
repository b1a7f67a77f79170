import { backoffDelay, startEventStream, type EventStreamState } from './eventStream';

/** A response body the test feeds by hand. */
function controllableResponse(status = 200) {
  const encoder = new TextEncoder();
  const pending: Array<(r: { done: boolean; value?: Uint8Array }) => void> = [];
  const queued: Array<{ done: boolean; value?: Uint8Array }> = [];
  const deliver = (r: { done: boolean; value?: Uint8Array }) => {
    const waiter = pending.shift();
    if (waiter) waiter(r);
    else queued.push(r);
  };
  const reader = {
    read: () =>
      new Promise<{ done: boolean; value?: Uint8Array }>(resolve => {
        const next = queued.shift();
        if (next) resolve(next);
        else pending.push(resolve);
      }),
    cancel: jest.fn(async () => {}),
  };
  const response = {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    body: { getReader: () => reader },
  } as unknown as Response;
  return {
    response,
    reader,
    send: (text: string) => deliver({ done: false, value: encoder.encode(text) }),
    end: () => deliver({ done: true }),
  };
}

/** Runs scheduled callbacks when the test says so, recording each delay. */
function manualScheduler() {
  const timers: Array<{ callback: () => void; ms: number; cancelled: boolean }> = [];
  return {
    timers,
    schedule: (callback: () => void, ms: number) => {
      const timer = { callback, ms, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    fireNext: () => {
      const timer = timers.find(t => !t.cancelled);
      if (!timer) throw new Error('no timer scheduled');
      timer.cancelled = true;
      timer.callback();
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) {
    await Promise.resolve();
  }
  if (!check()) throw new Error('condition never became true');
};

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum, with bounded jitter', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 10].map(a => backoffDelay(a, 1000, 8000, mid))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(0, 1000, 8000, () => 0)).toBe(800);
    expect(backoffDelay(0, 1000, 8000, () => 0.999)).toBeLessThanOrEqual(1200);
  });
});

describe('startEventStream', () => {
  it('parses messages, reconnects with Last-Event-ID after the stream ends, and backs off', async () => {
    const responses = [controllableResponse(), controllableResponse(503), controllableResponse()];
    let calls = 0;
    const connect = jest.fn(async (_headers: Record<string, string>): Promise<Response> => responses[calls++].response);
    const messages: string[] = [];
    const states: EventStreamState[] = [];
    const scheduler = manualScheduler();
    const stream = startEventStream({
      connect,
      onMessage: m => messages.push(`${m.event}:${m.data}`),
      onStateChange: s => states.push(s),
      initialDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.5,
      schedule: scheduler.schedule,
    });

    responses[0].send('retry: 200\n\nid: ns:e:1\nevent: ready\ndata: {}\n\nid: ns:e:2\nevent: run\ndata: 1\n\n');
    await until(() => messages.length === 2);
    expect(connect.mock.calls[0][0]).toEqual({ Accept: 'text/event-stream' });

    responses[0].end();
    await until(() => scheduler.timers.length === 1);
    // The server's retry: 200 is the base delay.
    expect(scheduler.timers[0].ms).toBe(200);
    scheduler.fireNext();
    await until(() => scheduler.timers.length === 2);
    expect(connect.mock.calls[1][0]).toEqual({ Accept: 'text/event-stream', 'Last-Event-ID': 'ns:e:2' });
    // The 503 counts as a second failed attempt: the delay doubles.
    expect(scheduler.timers[1].ms).toBe(400);

    scheduler.fireNext();
    responses[2].send('id: ns:e:3\nevent: run\ndata: 2\n\n');
    await until(() => messages.length === 3);
    expect(connect.mock.calls[2][0]['Last-Event-ID']).toBe('ns:e:2');
    expect(messages).toEqual(['ready:{}', 'run:1', 'run:2']);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);

    stream.close();
    expect(states[states.length - 1]).toBe('closed');
  });

  it('drops a half-received event when the connection breaks', async () => {
    const first = controllableResponse();
    const second = controllableResponse();
    const connect = jest
      .fn()
      .mockResolvedValueOnce(first.response)
      .mockResolvedValueOnce(second.response);
    const messages: string[] = [];
    const scheduler = manualScheduler();
    startEventStream({ connect, onMessage: m => messages.push(m.data), schedule: scheduler.schedule });
    first.send('data: complete\n\ndata: half');
    first.end();
    await until(() => scheduler.timers.length === 1);
    scheduler.fireNext();
    second.send('\n\ndata: next\n\n');
    await until(() => messages.length === 2);
    expect(messages).toEqual(['complete', 'next']);
  });

  it('reconnects after a network error and stops for good on close', async () => {
    const connect = jest.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    const errors: Array<string | undefined> = [];
    const scheduler = manualScheduler();
    const stream = startEventStream({
      connect,
      onMessage: () => {},
      onStateChange: (state, error) => {
        if (state === 'reconnecting') errors.push(error?.message);
      },
      schedule: scheduler.schedule,
    });
    await until(() => scheduler.timers.length === 1);
    expect(errors).toEqual(['Failed to fetch']);
    stream.close();
    expect(scheduler.timers[0].cancelled).toBe(true);
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('aborts the request on close and ignores what arrives afterwards', async () => {
    const response = controllableResponse();
    let signal: AbortSignal | undefined;
    const connect = jest.fn(async (_h: Record<string, string>, s: AbortSignal) => {
      signal = s;
      return response.response;
    });
    const messages: string[] = [];
    const stream = startEventStream({ connect, onMessage: m => messages.push(m.data) });
    await until(() => signal !== undefined);
    stream.close();
    expect(signal?.aborted).toBe(true);
    response.send('data: late\n\n');
    await until(() => response.reader.cancel.mock.calls.length === 1);
    expect(messages).toEqual([]);
  });
});

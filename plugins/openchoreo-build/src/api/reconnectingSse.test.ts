import {
  backoffDelay,
  HttpStreamError,
  isFatalResponse,
  retryAfterMs,
  startReconnectingSse,
  type SseStreamState,
} from './reconnectingSse';

/** A response body the test feeds by hand. */
function controllableResponse(
  status = 200,
  headers: Record<string, string> = {},
) {
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
    headers: new Headers(headers),
    json: async () => {
      throw new SyntaxError('not JSON');
    },
    body: { getReader: () => reader },
  } as unknown as Response;
  return {
    response,
    reader,
    send: (text: string) =>
      deliver({ done: false, value: encoder.encode(text) }),
    end: () => deliver({ done: true }),
  };
}

/** Runs scheduled callbacks when the test says so, recording each delay. */
function manualScheduler() {
  const timers: Array<{
    callback: () => void;
    ms: number;
    cancelled: boolean;
  }> = [];
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
    expect([0, 1, 2, 3, 10].map(a => backoffDelay(a, 1000, 8000, mid))).toEqual(
      [1000, 2000, 4000, 8000, 8000],
    );
    expect(backoffDelay(0, 1000, 8000, () => 0)).toBe(800);
    expect(backoffDelay(0, 1000, 8000, () => 0.999)).toBeLessThanOrEqual(1200);
  });
});

describe('startReconnectingSse', () => {
  it('parses messages, reconnects with Last-Event-ID after the stream ends, and backs off', async () => {
    const responses = [
      controllableResponse(),
      controllableResponse(503),
      controllableResponse(),
    ];
    let calls = 0;
    const connect = jest.fn(
      async (_headers: Record<string, string>): Promise<Response> =>
        responses[calls++].response,
    );
    const messages: string[] = [];
    const states: SseStreamState[] = [];
    const scheduler = manualScheduler();
    const stream = startReconnectingSse({
      connect,
      onMessage: m => messages.push(`${m.event}:${m.data}`),
      onStateChange: s => states.push(s),
      initialDelayMs: 100,
      maxDelayMs: 1000,
      random: () => 0.5,
      schedule: scheduler.schedule,
    });

    responses[0].send(
      'retry: 200\n\nid: ns:e:1\nevent: ready\ndata: {}\n\nid: ns:e:2\nevent: run\ndata: 1\n\n',
    );
    await until(() => messages.length === 2);
    expect(connect.mock.calls[0][0]).toEqual({ Accept: 'text/event-stream' });

    responses[0].end();
    await until(() => scheduler.timers.length === 1);
    // The server's retry: 200 is the base delay.
    expect(scheduler.timers[0].ms).toBe(200);
    scheduler.fireNext();
    await until(() => scheduler.timers.length === 2);
    expect(connect.mock.calls[1][0]).toEqual({
      Accept: 'text/event-stream',
      'Last-Event-ID': 'ns:e:2',
    });
    // The 503 counts as a second failed attempt: the delay doubles.
    expect(scheduler.timers[1].ms).toBe(400);

    scheduler.fireNext();
    responses[2].send('id: ns:e:3\nevent: run\ndata: 2\n\n');
    await until(() => messages.length === 3);
    expect(connect.mock.calls[2][0]['Last-Event-ID']).toBe('ns:e:2');
    expect(messages).toEqual(['ready:{}', 'run:1', 'run:2']);
    expect(states).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'reconnecting',
      'open',
    ]);

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
    startReconnectingSse({
      connect,
      onMessage: m => messages.push(m.data),
      schedule: scheduler.schedule,
    });
    first.send('data: complete\n\ndata: half');
    first.end();
    await until(() => scheduler.timers.length === 1);
    scheduler.fireNext();
    second.send('\n\ndata: next\n\n');
    await until(() => messages.length === 2);
    expect(messages).toEqual(['complete', 'next']);
  });

  it('reconnects after a network error and stops for good on close', async () => {
    const connect = jest
      .fn()
      .mockRejectedValue(new TypeError('Failed to fetch'));
    const errors: Array<string | undefined> = [];
    const scheduler = manualScheduler();
    const stream = startReconnectingSse({
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
    const connect = jest.fn(
      async (_h: Record<string, string>, s: AbortSignal) => {
        signal = s;
        return response.response;
      },
    );
    const messages: string[] = [];
    const stream = startReconnectingSse({
      connect,
      onMessage: m => messages.push(m.data),
    });
    await until(() => signal !== undefined);
    stream.close();
    expect(signal?.aborted).toBe(true);
    response.send('data: late\n\n');
    await until(() => response.reader.cancel.mock.calls.length === 1);
    expect(messages).toEqual([]);
  });

  it('resumes after the last event it delivered, not after the id of an event cut off by the drop', async () => {
    const first = controllableResponse();
    const second = controllableResponse();
    const connect = jest
      .fn(
        async (
          _h: Record<string, string>,
          _s: AbortSignal,
        ): Promise<Response> => first.response,
      )
      .mockResolvedValueOnce(first.response)
      .mockResolvedValueOnce(second.response);
    const scheduler = manualScheduler();
    startReconnectingSse({
      connect,
      onMessage: () => {},
      lastEventId: '4',
      schedule: scheduler.schedule,
    });
    await until(() => connect.mock.calls.length === 1);
    expect(connect.mock.calls[0][0]['Last-Event-ID']).toBe('4');
    first.send('id: 5\ndata: five\n\nid: 6\ndata: si');
    first.end();
    await until(() => scheduler.timers.length === 1);
    scheduler.fireNext();
    await until(() => connect.mock.calls.length === 2);
    expect(connect.mock.calls[1][0]['Last-Event-ID']).toBe('5');
  });

  it('stops for good on a 401, with the backend message, and never retries', async () => {
    const unauthorized = new Response(
      JSON.stringify({
        error: { name: 'AuthenticationError', message: 'Missing credentials' },
      }),
      { status: 401, headers: { 'Content-Type': 'application/json' } },
    );
    const connect = jest.fn(async () => unauthorized);
    const scheduler = manualScheduler();
    const seen: Array<{ state: SseStreamState; error?: Error }> = [];
    const stream = startReconnectingSse({
      connect,
      onMessage: () => {},
      onStateChange: (state, error) => seen.push({ state, error }),
      schedule: scheduler.schedule,
    });
    await until(() => seen.length === 2);
    expect(seen.map(s => s.state)).toEqual(['connecting', 'failed']);
    expect(seen[1].error).toBeInstanceOf(HttpStreamError);
    expect(seen[1].error).toMatchObject({
      status: 401,
      message: 'Missing credentials',
    });
    expect(scheduler.timers).toEqual([]);
    expect(connect).toHaveBeenCalledTimes(1);
    stream.close();
    // Already stopped: close() reports nothing more.
    expect(seen).toHaveLength(2);
  });

  it('retries a 503 with doubling, capped backoff', async () => {
    const connect = jest.fn(async () => controllableResponse(503).response);
    const scheduler = manualScheduler();
    const errors: Array<Error | undefined> = [];
    startReconnectingSse({
      connect,
      onMessage: () => {},
      onStateChange: (state, error) =>
        state === 'reconnecting' && errors.push(error),
      initialDelayMs: 100,
      maxDelayMs: 300,
      random: () => 0.5,
      schedule: scheduler.schedule,
    });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await until(() => scheduler.timers.length === attempt);
      scheduler.fireNext();
    }
    expect(scheduler.timers.map(t => t.ms)).toEqual([100, 200, 300, 300]);
    expect(errors[0]).toMatchObject({
      status: 503,
      message: 'The event stream answered 503 Error',
    });
  });

  it('waits as long as a 429 Retry-After says, then goes on with the backoff', async () => {
    const answers = [
      controllableResponse(429, { 'Retry-After': '7' }),
      controllableResponse(429, {
        'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT',
      }),
      controllableResponse(503),
    ];
    let calls = 0;
    const connect = jest.fn(
      async (): Promise<Response> => answers[calls++].response,
    );
    const scheduler = manualScheduler();
    startReconnectingSse({
      connect,
      onMessage: () => {},
      initialDelayMs: 100,
      random: () => 0.5,
      schedule: scheduler.schedule,
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await until(() => scheduler.timers.length === attempt);
      if (attempt < 3) scheduler.fireNext();
    }
    expect(scheduler.timers.map(t => t.ms)).toEqual([7000, 30000, 400]);
  });

  it('lets the message handler end or fail the stream', async () => {
    for (const outcome of ['ended', 'failed'] as const) {
      const response = controllableResponse();
      const states: SseStreamState[] = [];
      const scheduler = manualScheduler();
      startReconnectingSse({
        connect: async () => response.response,
        onMessage: (message, control) => {
          if (message.event !== 'last') return;
          if (outcome === 'ended') control.end();
          else control.fail(new Error('gone'));
        },
        onStateChange: state => states.push(state),
        schedule: scheduler.schedule,
      });
      response.send('event: last\ndata: {}\n\n');
      await until(() => states.includes(outcome));
      expect(states).toEqual(['connecting', 'open', outcome]);
      expect(scheduler.timers).toEqual([]);
    }
  });
});

describe('isFatalResponse and retryAfterMs', () => {
  it('gives up on 4xx but 408 and 429, and retries 5xx', () => {
    expect(
      [400, 401, 403, 404, 408, 429, 500, 502, 503].filter(status =>
        isFatalResponse({ status }),
      ),
    ).toEqual([400, 401, 403, 404]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    const answer = (value?: string) =>
      new Response(null, {
        status: 429,
        headers: value === undefined ? {} : { 'Retry-After': value },
      });
    expect(retryAfterMs(answer('3'), now)).toBe(3000);
    expect(retryAfterMs(answer('Thu, 01 Jan 2026 00:00:02 GMT'), now)).toBe(
      2000,
    );
    expect(retryAfterMs(answer('Wed, 31 Dec 2025 00:00:00 GMT'), now)).toBe(0);
    expect(retryAfterMs(answer('soon'), now)).toBeUndefined();
    expect(retryAfterMs(answer(), now)).toBeUndefined();
  });
});

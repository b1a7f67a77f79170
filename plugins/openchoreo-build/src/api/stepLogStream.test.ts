import type { StepLogStreamError } from './OpenChoreoBuildApi';
import type { LogStreamState } from './OpenChoreoBuildApi';
import { startLogStream } from './stepLogStream';

/** A streaming Response whose body the test writes to. */
function streamingResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: c => {
      controller = c;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: { ok: true, status: 200, body } as unknown as Response,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

describe('startLogStream', () => {
  it('decodes log events, reconnects with Last-Event-ID and stops at end', async () => {
    const conns = [streamingResponse(), streamingResponse()];
    let calls = 0;
    const connect = jest.fn(
      async (
        _headers: Record<string, string>,
        _signal: AbortSignal,
      ): Promise<Response> => conns[calls++].response,
    );
    const lines: number[] = [];
    const states: LogStreamState[] = [];
    const sources: string[] = [];
    const waiting: string[] = [];
    let reconnect: () => void = () => {};
    const ended = new Promise<void>(resolve => {
      startLogStream(
        connect,
        {
          onLines: batch => lines.push(...batch.map(l => l.n)),
          onSource: s => sources.push(s),
          onWaiting: message => waiting.push(message),
          onStateChange: s => {
            states.push(s);
            if (s === 'ended') resolve();
          },
        },
        {
          schedule: callback => {
            reconnect = callback;
            return () => {};
          },
        },
      );
    });
    await tick();
    conns[0].write(
      'retry: 10\n\nevent: waiting\ndata: {"message":"pod pending"}\n\nevent: source\ndata: {"source":"live"}\n\n',
    );
    conns[0].write(
      'id: 1\nevent: line\ndata: {"n":0,"ts":["2024-05-01T10:00:00Z",null]}\ndata: a\ndata: b\n\nid: 2\nevent: li',
    );
    conns[0].close(); // dropped mid-event: the half event is discarded
    await tick();
    expect(states).toContain('reconnecting');
    reconnect();
    await tick();
    expect(connect.mock.calls[1][0]['Last-Event-ID']).toBe('1');
    conns[1].write(
      'event: source\ndata: {"source":"archive"}\n\nid: 2\nevent: line\ndata: {"n":2,"ts":[null]}\ndata: c\n\n',
    );
    conns[1].write('event: end\ndata: {"totalLines":3}\n\n');
    await ended;
    expect(lines).toEqual([0, 1, 2]);
    expect(sources).toEqual(['live', 'archive']);
    expect(waiting).toEqual(['pod pending']);
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('gives up on a 404 with the server message', async () => {
    const errors: StepLogStreamError[] = [];
    const connect = jest.fn(
      async () =>
        new Response(
          JSON.stringify({ error: { message: 'Step x not found in run a/b' } }),
          { status: 404 },
        ),
    );
    await new Promise<void>(resolve => {
      startLogStream(connect, {
        onLines: () => {},
        onError: e => errors.push(e),
        onStateChange: s => s === 'failed' && resolve(),
      });
    });
    expect(errors).toEqual([
      { message: 'Step x not found in run a/b', status: 404, fatal: true },
    ]);
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('reports a 503 as a passing problem and a fatal error event as the end', async () => {
    const ok = streamingResponse();
    const connect = jest
      .fn(
        async (
          _headers: Record<string, string>,
          _signal: AbortSignal,
        ): Promise<Response> => ok.response,
      )
      .mockResolvedValueOnce(
        new Response('busy', {
          status: 503,
          statusText: 'Service Unavailable',
        }),
      );
    const errors: StepLogStreamError[] = [];
    const states: LogStreamState[] = [];
    const timers: Array<() => void> = [];
    startLogStream(
      connect,
      {
        onLines: () => {},
        onError: e => errors.push(e),
        onStateChange: s => states.push(s),
      },
      {
        schedule: callback => {
          timers.push(callback);
          return () => {};
        },
      },
    );
    await tick();
    expect(errors).toEqual([
      // No readable body: no message of the server's; the viewer tells the status itself.
      { message: undefined, status: 503, fatal: false },
    ]);
    timers[0]();
    await tick();
    ok.write(
      'event: error\ndata: {"message":"the build plane is gone","fatal":true}\n\n',
    );
    await tick();
    expect(errors[1]).toEqual({
      message: 'the build plane is gone',
      fatal: true,
    });
    expect(states).toEqual(['connecting', 'reconnecting', 'open', 'failed']);
  });
});

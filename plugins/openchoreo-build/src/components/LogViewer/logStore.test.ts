import { LogStore } from './logStore';
import { startLogStream } from './logStream';

describe('LogStore', () => {
  it('stores many lines compactly and reads them back', () => {
    const store = new LogStore();
    const texts = Array.from({ length: 10_000 }, (_, i) => `line ${i} \u001b[32mgreen\u001b[0m`);
    store.append(texts.map((text, n) => ({ n, ts: `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z`, text })));
    expect(store.length).toBe(10_000);
    expect(store.text(4097)).toBe(texts[4097]);
    expect(store.timestamp(4097)).toBe('2024-05-01T10:00:00.000004097Z');
    expect(store.plainLength(3)).toBe('line 3 green'.length);
    expect(store.plainText(0, 2)).toBe('line 0 green\nline 1 green');
  });

  it('ignores repeats and counts gaps', () => {
    const store = new LogStore();
    store.append([{ n: 0, text: 'a' }, { n: 1, text: 'b' }]);
    store.append([{ n: 1, text: 'b' }, { n: 2, text: 'c' }]);
    expect(store.length).toBe(3);
    expect(store.duplicates).toBe(1);
    expect(store.gaps).toBe(0);
  });

  it('searches case-insensitively across chunks, ignoring escape sequences', () => {
    const store = new LogStore();
    store.appendTexts(Array.from({ length: 5000 }, (_, i) => (i % 1000 === 7 ? `ERROR \u001b[1mfa\u001b[0miled at ${i}` : `ok ${i}`)));
    const result = store.search('failed');
    expect(result.count).toBe(5);
    expect(Array.from(result.lines.subarray(0, result.count))).toEqual([7, 1007, 2007, 3007, 4007]);
    expect(result.columns[0]).toBe('ERROR '.length);
    expect(store.search('OK 4999').count).toBe(1);
    expect(store.search('').count).toBe(0);
  });
});

/** A streaming Response whose body the test writes to. */
function streamingResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: c => { controller = c; } });
  const encoder = new TextEncoder();
  return {
    response: { ok: true, status: 200, body } as unknown as Response,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
  };
}

describe('startLogStream', () => {
  it('parses SSE over fetch, reconnects with Last-Event-ID and stops at end', async () => {
    const conns = [streamingResponse(), streamingResponse()];
    const fetch: jest.Mock<Promise<Response>, [string, RequestInit?]> = jest.fn(async (_url: string, _init?: RequestInit) => conns[fetch.mock.calls.length - 1].response);
    const lines: number[] = [];
    const states: string[] = [];
    const sources: string[] = [];
    let reconnect: () => void = () => {};
    const ended = new Promise<void>(resolve => {
      startLogStream({
        url: 'http://backend/logs',
        fetch,
        onLines: batch => lines.push(...batch.map(l => l.n)),
        onSource: s => sources.push(s),
        onStateChange: s => {
          states.push(s);
          if (s === 'ended') resolve();
        },
        schedule: callback => {
          reconnect = callback;
          return () => {};
        },
      });
    });
    await Promise.resolve();
    conns[0].write('retry: 10\n\nevent: source\ndata: {"source":"live"}\n\n');
    conns[0].write('id: 1\nevent: line\ndata: {"n":0,"ts":["2024-05-01T10:00:00Z",null]}\ndata: a\ndata: b\n\nid: 2\nevent: li');
    conns[0].close(); // dropped mid-event: the half event is discarded
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(states).toContain('reconnecting');
    reconnect();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect((fetch.mock.calls[1][1]!.headers as Record<string, string>)['Last-Event-ID']).toBe('1');
    conns[1].write('event: source\ndata: {"source":"archive"}\n\nid: 2\nevent: line\ndata: {"n":2,"ts":[null]}\ndata: c\n\n');
    conns[1].write('event: end\ndata: {"totalLines":3}\n\n');
    await ended;
    expect(lines).toEqual([0, 1, 2]);
    expect(sources).toEqual(['live', 'archive']);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('gives up on a 404 with the server message', async () => {
    const errors: string[] = [];
    await new Promise<void>(resolve => {
      startLogStream({
        url: 'http://backend/logs',
        fetch: async () => new Response(JSON.stringify({ error: { message: 'Step x not found in run a/b' } }), { status: 404 }),
        onLines: () => {},
        onError: e => errors.push(`${e.fatal}:${e.message}`),
        onStateChange: s => s === 'failed' && resolve(),
      });
    });
    expect(errors).toEqual(['true:Step x not found in run a/b']);
  });
});

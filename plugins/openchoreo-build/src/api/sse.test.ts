import { SseParser, type SseMessage } from './sse';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const parser = new SseParser(
    m => messages.push(m),
    ms => retries.push(ms),
  );
  chunks.forEach(c => parser.feed(c));
  return { messages, retries, parser };
}

describe('SseParser', () => {
  it('dispatches events with their name, data and id', () => {
    const { messages } = parse([
      'retry: 3000\n\nid: default:e1:0\nevent: ready\ndata: {"namespaces":["default"]}\n\n',
      'id: default:e1:1\nevent: run\ndata: {"type":"added"}\n\n',
    ]);
    expect(messages).toEqual([
      {
        event: 'ready',
        data: '{"namespaces":["default"]}',
        id: 'default:e1:0',
      },
      { event: 'run', data: '{"type":"added"}', id: 'default:e1:1' },
    ]);
  });

  it('joins multi-line data, defaults the event name and ignores comments', () => {
    const { messages } = parse([
      ': heartbeat 2026-01-01\n\ndata: a\ndata: b\n\n',
    ]);
    expect(messages).toEqual([
      { event: 'message', data: 'a\nb', id: undefined },
    ]);
  });

  it('reassembles events split across chunks at any byte, including CRLF halves', () => {
    const text =
      'id: 7\r\nevent: run\r\ndata: {"x":1}\r\n\r\nevent: run\rdata: 2\r\r';
    for (let size = 1; size <= 5; size += 1) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size)
        chunks.push(text.slice(i, i + size));
      const { messages } = parse(chunks);
      expect(messages).toEqual([
        { event: 'run', data: '{"x":1}', id: '7' },
        { event: 'run', data: '2', id: '7' },
      ]);
    }
  });

  it('reports retry and keeps the last id across events without an id', () => {
    const { messages, retries, parser } = parse([
      'retry: 1500\nid: 3\ndata: x\n\ndata: y\n\n',
    ]);
    expect(retries).toEqual([1500]);
    expect(messages.map(m => m.id)).toEqual(['3', '3']);
    expect(parser.lastId).toBe('3');
  });

  it('drops an event without data and a half-received event on reset', () => {
    const { messages, parser } = parse(['event: run\n\n', 'data: partial']);
    parser.reset();
    parser.feed('\n\n');
    expect(messages).toEqual([]);
  });

  it('accepts a field without a colon and a value without the leading space', () => {
    const { messages } = parse(['data\nevent:run\n\n']);
    expect(messages).toEqual([{ event: 'run', data: '', id: undefined }]);
  });
});

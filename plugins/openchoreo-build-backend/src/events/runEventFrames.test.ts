import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { SequencedRunEvent } from '../informer/RunEventLog';
import { SseFrame } from '../http/sseFrame';
import { eventId, runFrame, singleNamespaceRunFrame } from './runEventFrames';

const change = (rv: number, name = 'build-1'): SequencedRunEvent => ({
  rv,
  event: {
    type: 'modified',
    namespace: 'acme',
    // Only what the frame serializes matters here; a line break shows the data stays one line.
    run: { name, message: 'line one\nline two' } as unknown as RunSummary,
  },
});

/** The fields of one SSE frame, parsed as a browser's EventSource would. */
function parse(bytes: Buffer) {
  const text = bytes.toString('utf8');
  expect(text.endsWith('\n\n')).toBe(true);
  const fields = text
    .slice(0, -2)
    .split('\n')
    .map(line => [
      line.slice(0, line.indexOf(': ')),
      line.slice(line.indexOf(': ') + 2),
    ]);
  return {
    id: fields.filter(([k]) => k === 'id').map(([, v]) => v),
    event: fields.filter(([k]) => k === 'event').map(([, v]) => v),
    data: fields.filter(([k]) => k === 'data').map(([, v]) => v),
  };
}

describe('run event frames', () => {
  it('frames a change once for every single-namespace stream: id is its position, data its JSON', () => {
    const c = change(42);
    const frame = singleNamespaceRunFrame(c);
    expect(singleNamespaceRunFrame(c)).toBe(frame);
    expect(parse(frame.bytes)).toEqual({
      id: ['acme:42'],
      event: ['run'],
      data: [JSON.stringify(c.event)],
    });
    expect(JSON.parse(parse(frame.bytes).data[0])).toEqual(c.event);
    // Another change is framed anew, even one that looks the same.
    expect(singleNamespaceRunFrame(change(42))).not.toBe(frame);
  });

  it('frames a change per id for streams of several namespaces, and caches a few ids only', () => {
    const c = change(7);
    const ids = Array.from({ length: 10 }, (_, i) => `acme:7,other:${i}`);
    const frames = ids.map(id => runFrame(c, id));
    frames.forEach((frame, i) => {
      expect(parse(frame.bytes).id).toEqual([ids[i]]);
      expect(parse(frame.bytes).data).toEqual([JSON.stringify(c.event)]);
    });
    // The first ids are kept for the next stream that has them; beyond the cap, framed each time.
    expect(runFrame(c, ids[0])).toBe(frames[0]);
    expect(runFrame(c, ids[9])).not.toBe(frames[9]);
    expect(runFrame(c, ids[9]).bytes.equals(frames[9].bytes)).toBe(true);
  });

  it('gives a frame as one chunk of a chunked body: size in hex, CRLF, the bytes, CRLF', () => {
    const frame = new SseFrame('é'.repeat(20));
    // 40 bytes (two per é), not 20 characters.
    expect(frame.chunk.toString('utf8')).toBe(`28\r\n${'é'.repeat(20)}\r\n`);
    expect(frame.bytes.toString('utf8')).toBe('é'.repeat(20));
    // One buffer: the frame's bytes are a view into the chunk.
    expect(frame.bytes.buffer).toBe(frame.chunk.buffer);
    expect(frame.bytes.byteOffset).toBe(
      frame.chunk.byteOffset + '28\r\n'.length,
    );
  });

  it('frames bytes framed elsewhere (a step log event) the same way, copied once', () => {
    const event = Buffer.from('id: 7\nevent: line\ndata: é\n\n', 'utf8');
    const frame = new SseFrame(event);
    expect(frame.chunk.toString('utf8')).toBe(
      `${event.length.toString(16)}\r\n${event.toString('utf8')}\r\n`,
    );
    expect(frame.bytes.equals(event)).toBe(true);
    // A copy: the caller may reuse its buffer.
    event.fill(0);
    expect(frame.bytes.toString('utf8')).toBe(
      'id: 7\nevent: line\ndata: é\n\n',
    );
  });

  it('names a position as namespace:resourceVersion (0 before any)', () => {
    expect(eventId('acme', 12)).toBe('acme:12');
    expect(eventId('acme', undefined)).toBe('acme:0');
  });
});

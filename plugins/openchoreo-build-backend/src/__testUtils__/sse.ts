import type { IncomingMessage } from 'node:http';

/**
 * One server-sent event as a test reads it off the wire: its `event:` name, `id:` and data (its
 * `data:` lines joined by newlines, as the EventSource spec joins them). The backend names every
 * event it sends and writes each field as `name: value`, so the tests read only that form.
 */
export interface SseBlock {
  event: string;
  id?: string;
  data: string;
}

/**
 * The event in one block of a stream (the text between two blank lines); undefined for a block
 * without an `event:` line (a heartbeat comment).
 */
function parseSseBlock(block: string): SseBlock | undefined {
  const lines = block.split('\n');
  const field = (name: string) =>
    lines.find(line => line.startsWith(`${name}: `))?.slice(name.length + 2);
  const event = field('event');
  if (event === undefined) return undefined;
  return {
    event,
    id: field('id'),
    data: lines
      .filter(line => line.startsWith('data: '))
      .map(line => line.slice(6))
      .join('\n'),
  };
}

/** The events of a whole `text/event-stream` body, in order (comments and heartbeats left out). */
export function sseEventsOf(body: string): SseBlock[] {
  return body.split('\n\n').flatMap(text => parseSseBlock(text) ?? []);
}

/**
 * Reads `res` as a `text/event-stream` while it arrives: `onEvent` gets each complete event in
 * order (an event split across chunks waits for its end), and `afterChunk` runs once a chunk's
 * events were handled, for a test that checks a condition on what it has so far. `onEvent`
 * returning `false` stops the reading (the rest of the chunk and later chunks are left alone).
 */
export function readSseEvents(
  res: IncomingMessage,
  onEvent: (event: SseBlock) => void | boolean,
  afterChunk?: () => void,
): void {
  let buffer = '';
  let stopped = false;
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    if (stopped) return;
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; ) {
      const block = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (block && onEvent(block) === false) {
        stopped = true;
        return;
      }
    }
    afterChunk?.();
  });
}

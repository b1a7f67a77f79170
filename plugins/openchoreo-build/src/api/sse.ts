/** One message of a `text/event-stream`, as the HTML spec's parser dispatches it. */
export interface SseMessage {
  /** `event:` field; `message` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** The last event id seen so far in the stream (the spec's "last event ID buffer"). */
  id?: string;
}

/**
 * An incremental `text/event-stream` parser (WHATWG HTML, "Server-sent events"): feed it decoded
 * text in chunks of any size; it calls `onMessage` per dispatched event and `onRetry` for `retry:`.
 * Comments (lines starting with `:`) are ignored; CRLF, CR and LF line ends are accepted.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  private lastEventId: string | undefined;
  private pendingCR = false;

  constructor(
    private readonly onMessage: (message: SseMessage) => void,
    private readonly onRetry?: (ms: number) => void,
  ) {}

  /** The id the next reconnect should send as `Last-Event-ID`. */
  get lastId(): string | undefined {
    return this.lastEventId;
  }

  feed(chunk: string): void {
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.pendingCR && text.startsWith('\n')) text = text.slice(1);
    this.pendingCR = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i += 1;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** Drops a half-received event (the connection ended); keeps the last event id. */
  reset(): void {
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.pendingCR = false;
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.onRetry?.(Number(value));
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.eventType = '';
      return;
    }
    const message: SseMessage = {
      event: this.eventType || 'message',
      data: this.data.join('\n'),
      id: this.lastEventId,
    };
    this.data = [];
    this.eventType = '';
    this.onMessage(message);
  }
}

/**
 * Feeds a streaming `text/event-stream` body to `parser` until the body ends (`'ended'`) or
 * `isClosed()` turns true (`'closed'`; the body is cancelled). `onFirstChunk` runs once, when data
 * first arrives: that is when a (re)connection counts as open.
 */
export async function pumpSseBody(
  body: ReadableStream<Uint8Array>,
  parser: SseParser,
  hooks: { isClosed: () => boolean; onFirstChunk: () => void },
): Promise<'ended' | 'closed'> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let opened = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (hooks.isClosed()) {
      reader.cancel().catch(() => {});
      return 'closed';
    }
    if (done) return 'ended';
    if (!opened) {
      opened = true;
      hooks.onFirstChunk();
    }
    parser.feed(decoder.decode(value, { stream: true }));
  }
}

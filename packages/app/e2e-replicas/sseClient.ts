import http from 'node:http';

/** One server-sent event as a browser's EventSource would deliver it. */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * A minimal SSE client over node:http for tests that must pick the replica a stream goes to and
 * the Last-Event-ID it resumes from (a browser's EventSource decides both itself). Messages are
 * kept in order; `waitFor` resolves on the first message (already received or to come) that
 * matches, so a test awaits events instead of sleeping.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  /** Characters received, and the first of them (failure messages). */
  received = 0;
  head = '';
  private readonly waiters: Array<{
    match: (m: SseMessage) => boolean;
    resolve: (m: SseMessage) => void;
    reject: (e: Error) => void;
  }> = [];
  private request?: http.ClientRequest;
  private failure?: Error;
  private closed = false;

  static open(
    url: string,
    headers: Record<string, string>,
  ): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      client.request = http.get(
        url,
        { headers: { Accept: 'text/event-stream', ...headers } },
        res => {
          if (res.statusCode !== 200) {
            reject(new Error(`${url} answered ${res.statusCode}`));
            res.resume();
            return;
          }
          res.setEncoding('utf8');
          let buffer = '';
          res.on('data', (chunk: string) => {
            client.received += chunk.length;
            if (client.head.length < 300) client.head += chunk.slice(0, 300);
            buffer += chunk;
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              client.receive(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          });
          res.on('end', () =>
            client.fail(
              new Error(`${url}: the stream ended after ${client.describe()}`),
            ),
          );
          resolve(client);
        },
      );
      client.request.on('error', error => {
        client.fail(error);
        reject(error);
      });
    });
  }

  /** The first message matching `match`, waiting for it (at most `timeoutMs`). */
  waitFor(
    match: (m: SseMessage) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<SseMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no ${what} within ${timeoutMs} ms; got ${this.describe()}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: m => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: e => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** The id of the last message that had one (what a browser sends back as Last-Event-ID). */
  get lastEventId(): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i -= 1) {
      if (this.messages[i].id !== undefined) return this.messages[i].id;
    }
    return undefined;
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }

  private receive(block: string): void {
    const message: SseMessage = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // heartbeat comment
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') message.event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') message.id = value;
    }
    if (data.length === 0 && message.event === 'message') return;
    message.data = data.join('\n');
    this.messages.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** What came so far, for failure messages: event names, with the data of the last few. */
  describe(): string {
    const names = this.messages.map(m => m.event).join(', ');
    const last = this.messages
      .slice(-3)
      .map(m => `${m.event}: ${m.data.slice(0, 300)}`)
      .join(' | ');
    const head = JSON.stringify(this.head.slice(0, 200));
    return `${this.messages.length} messages [${names.slice(
      0,
      500,
    )}] last: ${last}; ${this.received} characters, starting ${head}`;
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

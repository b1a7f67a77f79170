/** One complete server-sent event (id, event, data lines, blank line), encoded once. */
export class SseFrame {
  /**
   * The frame as one chunk of a `Transfer-Encoding: chunked` body (RFC 9112 §7.1: size in hex,
   * CRLF, the bytes, CRLF), for a writer that puts it on the socket itself.
   */
  readonly chunk: Buffer;
  /** The frame's own bytes (a view into {@link SseFrame.chunk}, not a copy). */
  readonly bytes: Buffer;

  /** A frame of `text` (encoded as UTF-8) or of bytes framed already (copied once). */
  constructor(text: string | Buffer) {
    const length =
      typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
    const head = `${length.toString(16)}\r\n`;
    this.chunk = Buffer.allocUnsafe(head.length + length + 2);
    this.chunk.write(head, 0, 'latin1');
    if (typeof text === 'string') this.chunk.write(text, head.length, 'utf8');
    else text.copy(this.chunk, head.length);
    this.chunk.write('\r\n', head.length + length, 'latin1');
    this.bytes = this.chunk.subarray(head.length, head.length + length);
  }
}

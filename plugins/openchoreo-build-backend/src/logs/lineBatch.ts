import { rawStamp, rawText, type RawLines } from './rawLines';

/** Consecutive lines `n`, `n + 1`, … in columns. */
export interface LineBatch {
  n: number;
  ts: Array<string | undefined>;
  text: string[];
  /** Every text is ASCII (lets the writer skip UTF-8 encoding). */
  ascii?: boolean;
  /**
   * The same lines as the upstream's bytes (kubelet format), when they came that way: a writer can
   * forward them without decoding ({@link rawLinesEvent}). `ts` and `text` are then computed on
   * first access.
   */
  raw?: RawLines;
  /**
   * The reader's position after the batch's last line (timestamp key, lines up to it with that
   * key): set by the session, it makes the event id a stable resume point (see resumeId.ts).
   */
  cursor?: { key: string; count: number };
}

/** A {@link LineBatch} over upstream bytes; `ts` / `text` are decoded only if someone asks. */
export class RawLineBatch implements LineBatch {
  private decodedTs?: string[];
  private decodedText?: string[];
  cursor?: { key: string; count: number };
  constructor(readonly n: number, readonly raw: RawLines) {}
  get ts(): string[] {
    if (!this.decodedTs) {
      this.decodedTs = new Array(this.raw.count);
      for (let i = 0; i < this.raw.count; i += 1)
        this.decodedTs[i] = rawStamp(this.raw, i);
    }
    return this.decodedTs;
  }
  get text(): string[] {
    if (!this.decodedText) {
      this.decodedText = new Array(this.raw.count);
      for (let i = 0; i < this.raw.count; i += 1)
        this.decodedText[i] = rawText(this.raw, i);
    }
    return this.decodedText;
  }
}

import { Reader, util, type Long } from 'protobufjs/minimal';
import type { Json, JsonObject } from '../types';

/**
 * A table-driven decoder from the protobuf wire format to the JSON a Kubernetes client would have sent for the same
 * Go object. protobufjs supplies the wire primitives (varints, length-delimited fields, skipping); the tables in
 * `meta.ts`, `core.ts`, `pod.ts` and `reviews.ts` say what each field number means.
 */

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

/** Go's gogo-protobuf messages nest far less deeply than this; the limit only stops hostile input. */
const MAX_DEPTH = 64;

type ScalarKind = 'string' | 'bytes' | 'bool' | 'int32' | 'int64';

/**
 * `time`: a `metav1.Time` (`{seconds, nanos}`), written as RFC3339 with second precision like `Time.MarshalJSON`;
 * `quantity`: a `resource.Quantity` (`{string}`), written as its string.
 */
type ValueKind = ScalarKind | 'time' | 'quantity' | MessageSpec;

export interface FieldSpec {
  /** The Go field's JSON name; unused for an inlined struct. */
  name: string;
  value: ValueKind;
  /**
   * `single`: one value; `list`: a repeated field (Go slice); `map`: a `map<string, V>` (entries `{key=1, value=2}`);
   * `inline`: an embedded struct tagged `json:",inline"`, whose fields join the parent object.
   */
  shape: 'single' | 'list' | 'map' | 'inline';
  /**
   * Whether a zero scalar (`""`, `0`, `false`) stays in the JSON. Go's encoder writes every non-pointer scalar on the
   * wire, zero or not, and `json:",omitempty"` then drops the zero ones; a pointer (`*bool`) is on the wire only when
   * set, and a field without `omitempty` (`Container.name`) is always in the JSON. Both of those keep their zeros.
   */
  keepZero: boolean;
}

export interface MessageSpec {
  /** The Go type, for error messages. */
  message: string;
  fields: Record<number, FieldSpec>;
}

/** What the table builders accept as the value of a field. */
export interface FieldOptions {
  /** A pointer or a field without `omitempty`: see {@link FieldSpec.keepZero}. */
  keepZero?: boolean;
}

const field =
  (value: ValueKind, shape: FieldSpec['shape'] = 'single') =>
  (name: string, options: FieldOptions = {}): FieldSpec => ({
    name,
    value,
    shape,
    keepZero: options.keepZero ?? false,
  });

/** Table builders: `message('Pod', {1: msg('metadata', ObjectMeta), 2: msg('spec', PodSpec)})`. */
export const str = field('string');
export const bool = field('bool');
export const int32 = field('int32');
export const int64 = field('int64');
export const time = field('time');
export const quantity = field('quantity');
export const msg = (name: string, spec: MessageSpec): FieldSpec =>
  field(spec)(name);
export const list = (
  name: string,
  item: ScalarKind | 'quantity' | MessageSpec,
): FieldSpec => field(item, 'list')(name);
export const map = (
  name: string,
  value: 'string' | 'bytes' | 'quantity',
): FieldSpec => field(value, 'map')(name);
export const inline = (spec: MessageSpec): FieldSpec =>
  field(spec, 'inline')('');
export const message = (
  name: string,
  fields: Record<number, FieldSpec>,
): MessageSpec => ({ message: name, fields });

/** Malformed bytes: the caller answers 400 with this message. */
export class WireError extends Error {}

/** Called for every field number a table does not know (they are skipped, as Go's generated code skips them). */
export type SkippedFieldListener = (path: string, fieldNumber: number) => void;

const WIRE_NAMES = [
  'varint',
  '64-bit',
  'length-delimited',
  'group start',
  'group end',
  '32-bit',
];

function wireName(wireType: number): string {
  return WIRE_NAMES[wireType] ?? `invalid wire type ${wireType}`;
}

function toNumber(value: number | Long): number {
  return typeof value === 'number'
    ? value
    : util.LongBits.from(value).toNumber(false);
}

/** Go `time.RFC3339` of a Unix time in seconds, UTC (`2024-05-01T10:00:00Z`). */
function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// `seconds` keeps its zero so that the epoch (seconds 0 on the wire) stays apart from an unset Time (no bytes).
const TIME = message('Time', {
  1: int64('seconds', { keepZero: true }),
  2: int32('nanos'),
});
const QUANTITY = message('Quantity', { 1: str('string') });
const MAP_ENTRY_KEY = 1;
const MAP_ENTRY_VALUE = 2;

class Decoder {
  constructor(
    private readonly reader: Reader,
    private readonly onSkipped: SkippedFieldListener | undefined,
  ) {}

  /** The end offset of the length-delimited field that starts at the reader's position. */
  private delimitedEnd(path: string): number {
    const length = this.reader.uint32();
    const end = this.reader.pos + length;
    if (end > this.reader.len)
      throw new WireError(
        `${path} says it is ${length} bytes long but only ${
          this.reader.len - this.reader.pos
        } remain: the body is truncated`,
      );
    return end;
  }

  private expectWire(path: string, wireType: number, expected: number): void {
    if (wireType !== expected)
      throw new WireError(
        `${path} is encoded as ${wireName(wireType)}, expected ${wireName(
          expected,
        )}`,
      );
  }

  /** Reads one scalar whose tag (with `wireType`) has just been read. */
  private scalar(kind: ScalarKind, wireType: number, path: string): Json {
    const varint = kind === 'bool' || kind === 'int32' || kind === 'int64';
    this.expectWire(
      path,
      wireType,
      varint ? WIRE_VARINT : WIRE_LENGTH_DELIMITED,
    );
    switch (kind) {
      case 'string':
        return this.reader.string();
      case 'bytes':
        // Go's encoding/json writes []byte as standard base64, as a JSON request carries it.
        return Buffer.from(this.reader.bytes()).toString('base64');
      case 'bool':
        return this.reader.bool();
      case 'int32':
        return this.reader.int32();
      case 'int64':
        return toNumber(this.reader.int64());
      default:
        throw new WireError(`${path}: unknown scalar kind ${kind as string}`);
    }
  }

  /** Reads one value of any kind whose tag has just been read. */
  private value(
    kind: ValueKind,
    wireType: number,
    path: string,
    depth: number,
  ): Json {
    if (typeof kind === 'string' && kind !== 'time' && kind !== 'quantity')
      return this.scalar(kind, wireType, path);
    this.expectWire(path, wireType, WIRE_LENGTH_DELIMITED);
    const end = this.delimitedEnd(path);
    if (kind === 'time') {
      const t = this.message(TIME, end, path, depth + 1);
      // An unset Time is encoded as zero bytes and comes back as JSON null (`Time.MarshalJSON`); Go reads the
      // seconds only (`Time.Unmarshal` ignores nanos).
      return t.seconds === undefined ? null : rfc3339(t.seconds as number);
    }
    if (kind === 'quantity')
      return this.message(QUANTITY, end, path, depth + 1).string ?? '';
    return this.message(kind, end, path, depth + 1);
  }

  /** Reads the fields of `spec` up to offset `end`. */
  message(
    spec: MessageSpec,
    end: number,
    path: string,
    depth: number,
  ): JsonObject {
    if (depth > MAX_DEPTH)
      throw new WireError(`${path} nests deeper than ${MAX_DEPTH} messages`);
    const out: JsonObject = {};
    const reader = this.reader;
    while (reader.pos < end) {
      const tag = reader.uint32();
      const number = tag >>> 3;
      const wireType = tag & 7;
      if (number === 0)
        throw new WireError(`${path} contains a field numbered 0`);
      const f = spec.fields[number];
      if (!f) {
        this.onSkipped?.(path, number);
        reader.skipType(wireType);
        continue;
      }
      const fieldPath = f.shape === 'inline' ? path : `${path}.${f.name}`;
      switch (f.shape) {
        case 'single': {
          const v = this.value(f.value, wireType, fieldPath, depth);
          if (f.keepZero || (v !== '' && v !== 0 && v !== false))
            out[f.name] = v;
          else delete out[f.name];
          break;
        }
        case 'inline':
          Object.assign(
            out,
            this.value(f.value, wireType, fieldPath, depth) as JsonObject,
          );
          break;
        case 'list':
          this.listItems(f, wireType, fieldPath, depth, out);
          break;
        case 'map': {
          const entries = (out[f.name] ?? {}) as JsonObject;
          this.expectWire(fieldPath, wireType, WIRE_LENGTH_DELIMITED);
          const [key, value] = this.mapEntry(f, fieldPath, depth);
          entries[key] = value;
          out[f.name] = entries;
          break;
        }
        default:
          throw new WireError(`${fieldPath}: unknown shape`);
      }
    }
    if (reader.pos !== end)
      throw new WireError(`${path} runs past the end of its enclosing message`);
    return out;
  }

  private listItems(
    f: FieldSpec,
    wireType: number,
    path: string,
    depth: number,
    out: JsonObject,
  ): void {
    const items = (out[f.name] ?? []) as Json[];
    out[f.name] = items;
    const numeric =
      f.value === 'bool' || f.value === 'int32' || f.value === 'int64';
    if (numeric && wireType === WIRE_LENGTH_DELIMITED) {
      // A packed repeated field (proto3 style): one length-delimited run of varints.
      const end = this.delimitedEnd(path);
      while (this.reader.pos < end)
        items.push(this.scalar(f.value as ScalarKind, WIRE_VARINT, path));
      if (this.reader.pos !== end)
        throw new WireError(`${path} runs past the end of its packed values`);
      return;
    }
    items.push(
      this.value(f.value, wireType, `${path}[${items.length}]`, depth),
    );
  }

  private mapEntry(f: FieldSpec, path: string, depth: number): [string, Json] {
    const end = this.delimitedEnd(path);
    let key = '';
    // A Go map entry whose value is missing holds the zero value.
    let value: Json = f.value === 'quantity' ? '0' : '';
    while (this.reader.pos < end) {
      const tag = this.reader.uint32();
      const wireType = tag & 7;
      if (tag >>> 3 === MAP_ENTRY_KEY)
        key = this.scalar('string', wireType, `${path} key`) as string;
      else if (tag >>> 3 === MAP_ENTRY_VALUE)
        value = this.value(
          f.value,
          wireType,
          `${path}[${JSON.stringify(key)}]`,
          depth,
        );
      else this.reader.skipType(wireType);
    }
    if (this.reader.pos !== end)
      throw new WireError(`${path} has a map entry running past its end`);
    return [key, value];
  }
}

/**
 * Decodes `encoded` as the message `spec`. Throws {@link WireError} when the bytes are not a well-formed message
 * (truncated, an impossible wire type, a length running past its parent).
 */
export function decodeMessage(
  encoded: Uint8Array,
  spec: MessageSpec,
  path: string,
  onSkipped?: SkippedFieldListener,
): JsonObject {
  const reader = Reader.create(encoded);
  const decoder = new Decoder(reader, onSkipped);
  try {
    return decoder.message(spec, reader.len, path, 0);
  } catch (e) {
    if (e instanceof WireError) throw e;
    throw new WireError(
      `${path} is not a valid protobuf message: ${describeWireFailure(e)}`,
    );
  }
}

/**
 * What went wrong, from a {@link WireError} or a protobufjs `Reader` failure: RangeError("index out of range: …") on
 * a varint or field cut short, Error("invalid wire type … at offset …") on a tag that cannot be skipped.
 */
export function describeWireFailure(e: unknown): string {
  if (e instanceof RangeError && /index out of range/.test(e.message))
    return `it ends in the middle of a field (${e.message}): the body is truncated`;
  return (e as Error).message;
}

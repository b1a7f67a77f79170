import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Document,
  type ParseOptions,
  type DocumentOptions,
} from 'yaml';
import { HolosInputError } from './errors';
import type { HolosPathSegment } from './paths';

/**
 * Reads submitted text into documents, keeping each document's syntax tree so a problem found
 * later can be placed at the line and column of the field it names.
 *
 * Accepted: YAML, one document or a stream separated by `---` (what `holos show buildplans`
 * prints by default: `gopkg.in/yaml.v3`'s encoder), or JSON, one object or objects one after
 * another (what `holos show buildplans --format=json` prints: `encoding/json`'s `Encoder`,
 * one indented object per plan — `internal/holos/types.go@4fa6cb23`, `NewEncoder`).
 */

/**
 * At most this many documents in one text.
 *
 * @public
 */
export const HOLOS_MAX_DOCUMENTS = 200;
/**
 * At most this much text, in UTF-8 bytes.
 *
 * @public
 */
export const HOLOS_MAX_TEXT_BYTES = 5 * 1024 * 1024;
/** YAML aliases expanded per document at most (guards against alias bombs). */
const MAX_ALIAS_COUNT = 1000;

/** A 1-based place in the submitted text. */
export interface HolosTextPosition {
  line: number;
  column: number;
}

/** One non-empty document of the text. */
export interface HolosSourceDocument {
  /** 0-based among the non-empty documents. */
  index: number;
  value: unknown;
  /** Where the document starts. */
  start: HolosTextPosition;
  /**
   * Where the node at `segments` is: the key of a field, the start of a list item; for a path
   * that does not exist (a missing field), its deepest existing ancestor.
   */
  locate(segments: readonly HolosPathSegment[]): HolosTextPosition;
}

const OPTIONS: ParseOptions & DocumentOptions = {
  prettyErrors: false,
  uniqueKeys: true,
};

export function parseHolosText(text: string): HolosSourceDocument[] {
  checkSize(text);
  const lines = lineStarts(text);
  const position = (offset: number) => positionAt(lines, offset);
  const first = text.search(/\S/);
  if (first === -1) {
    throw new HolosInputError(
      'the text is empty: paste or upload a BuildPlan, a Platform, or the output of `holos show buildplans`',
    );
  }
  const parsed =
    text[first] === '{' || text[first] === '['
      ? splitJsonObjects(text, position).map(({ start, end }) => ({
          doc: parseDocument(text.slice(start, end), OPTIONS),
          offset: start,
        }))
      : parseYamlStream(text);

  const documents: HolosSourceDocument[] = [];
  for (const { doc, offset } of parsed) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = position(offset + error.pos[0]);
      throw new HolosInputError(
        `the text could not be read at line ${at.line}, column ${at.column}: ${error.message}`,
        { document: documents.length, ...at },
      );
    }
    if (isEmptyDocument(doc)) continue;
    if (documents.length === HOLOS_MAX_DOCUMENTS) {
      throw new HolosInputError(
        `the text holds more than ${HOLOS_MAX_DOCUMENTS} documents: submit at most ${HOLOS_MAX_DOCUMENTS} plans at a time`,
        { document: documents.length, ...position(offset) },
      );
    }
    const index = documents.length;
    const start = position(offset + (doc.contents?.range[0] ?? 0));
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      throw new HolosInputError(
        `document ${index + 1} (line ${start.line}) could not be read: ${
          (cause as Error).message
        }`,
        { document: index, ...start },
      );
    }
    documents.push({
      index,
      value,
      start,
      locate: segments => position(offset + offsetOf(doc, segments)),
    });
  }
  if (documents.length === 0) {
    throw new HolosInputError(
      'the text holds no document (only comments or `---`): paste or upload a BuildPlan, a Platform, or the output of `holos show buildplans`',
    );
  }
  return documents;
}

function parseYamlStream(text: string) {
  const docs = parseAllDocuments(text, OPTIONS);
  return (Array.isArray(docs) ? docs : []).map(doc => ({ doc, offset: 0 }));
}

function checkSize(text: string): void {
  const tooBig = () =>
    new HolosInputError(
      `the text is larger than ${
        HOLOS_MAX_TEXT_BYTES / 1024 / 1024
      } MB: submit fewer plans at a time`,
    );
  // Each character is at least one UTF-8 byte and at most three.
  if (text.length > HOLOS_MAX_TEXT_BYTES) throw tooBig();
  if (
    text.length * 3 > HOLOS_MAX_TEXT_BYTES &&
    new TextEncoder().encode(text).length > HOLOS_MAX_TEXT_BYTES
  ) {
    throw tooBig();
  }
}

/** A document with nothing in it, e.g. after a trailing `---`. */
function isEmptyDocument(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  if (contents === null) return true;
  return (
    isScalar(contents) &&
    contents.value === null &&
    contents.range[0] === contents.range[1]
  );
}

/** Offset (in the document's own text) of the node at `segments`, or its deepest existing ancestor. */
function offsetOf(
  doc: Document.Parsed,
  segments: readonly HolosPathSegment[],
): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range[0] ?? 0;
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        item =>
          isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined || !isScalar(pair.key) || !pair.key.range) break;
      offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!hasRange(item)) break;
      offset = item.range[0];
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return (
    typeof node === 'object' &&
    node !== null &&
    Array.isArray((node as { range?: unknown }).range)
  );
}

/**
 * Splits concatenated JSON objects (`{…}\n{…}`), which YAML does not read as a stream.
 * Only finds the boundaries; each object is then parsed on its own.
 */
function splitJsonObjects(
  text: string,
  position: (offset: number) => HolosTextPosition,
): Array<{ start: number; end: number }> {
  const chunks: Array<{ start: number; end: number }> = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    if (text[i] !== '{') {
      const at = position(i);
      const found =
        text[i] === '['
          ? 'a JSON list: send one object, or objects one after another as `holos show buildplans --format=json` prints them'
          : `"${text[i]}" where a JSON object should start`;
      throw new HolosInputError(
        `the text could not be read at line ${at.line}, column ${at.column}: found ${found}`,
        { document: chunks.length, ...at },
      );
    }
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === '{' || c === '[') {
        depth++;
      } else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) {
      const at = position(start);
      throw new HolosInputError(
        `the text could not be read: the JSON object starting at line ${at.line}, column ${at.column} is not closed`,
        { document: chunks.length, ...at },
      );
    }
    chunks.push({ start, end: i });
  }
  return chunks;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
  }
  return starts;
}

function positionAt(
  starts: readonly number[],
  offset: number,
): HolosTextPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

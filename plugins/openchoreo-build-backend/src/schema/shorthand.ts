/**
 * Parser for one OpenChoreo shorthand field definition:
 *   `<type> [| marker=value marker="quoted value" flag ...]`
 * e.g. `string | default=main description="Git branch to checkout"`.
 */

export interface ParsedShorthand {
  /** The type expression, e.g. `string`, `[]integer`, `map<string>`, `MyType`. */
  type: string;
  /** Markers in order of appearance; bare flags have the value `true`. `oc:*` markers are dropped. */
  markers: Map<string, string | true>;
}

export class ShorthandSyntaxError extends Error {
  name = 'ShorthandSyntaxError';
}

function readQuoted(
  text: string,
  start: number,
): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
      continue;
    }
    if (ch === quote) return { value, end: i + 1 };
    value += ch;
    i += 1;
  }
  throw new ShorthandSyntaxError(`unterminated ${quote} quote`);
}

/** Splits the marker part into key/value pairs, honouring quotes and `key(a,b)` lists. */
function parseMarkers(text: string): Map<string, string | true> {
  const markers = new Map<string, string | true>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i += 1;
    if (i >= text.length) break;
    let key = '';
    while (i < text.length && !/[\s=(]/.test(text[i])) {
      key += text[i];
      i += 1;
    }
    if (!key)
      throw new ShorthandSyntaxError(
        `unexpected "${text[i]}" at position ${i}`,
      );
    let value: string | true = true;
    if (text[i] === '=') {
      i += 1;
      if (text[i] === '"' || text[i] === "'") {
        const quoted = readQuoted(text, i);
        value = quoted.value;
        i = quoted.end;
      } else {
        let raw = '';
        // Unquoted values end at whitespace; brackets let JSON-ish defaults like [a, b] stay whole.
        let depth = 0;
        while (i < text.length && (depth > 0 || !/\s/.test(text[i]))) {
          if (text[i] === '[' || text[i] === '{') depth += 1;
          if (text[i] === ']' || text[i] === '}')
            depth = Math.max(0, depth - 1);
          raw += text[i];
          i += 1;
        }
        value = raw;
      }
    } else if (text[i] === '(') {
      const close = text.indexOf(')', i);
      if (close < 0)
        throw new ShorthandSyntaxError(`unterminated "(" after ${key}`);
      value = text.slice(i + 1, close);
      i = close + 1;
    }
    if (!key.startsWith('oc:')) markers.set(key, value);
  }
  return markers;
}

export function parseShorthand(definition: string): ParsedShorthand {
  const bar = definition.indexOf('|');
  const type = (bar < 0 ? definition : definition.slice(0, bar)).trim();
  if (!type) throw new ShorthandSyntaxError('missing type');
  const markers =
    bar < 0
      ? new Map<string, string | true>()
      : parseMarkers(definition.slice(bar + 1));
  return { type, markers };
}

/** A type expression broken down: arrays and maps wrap an element type. */
export type TypeExpression =
  | {
      kind: 'primitive';
      name: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
    }
  | { kind: 'array'; items: TypeExpression }
  | { kind: 'map'; values: TypeExpression }
  | { kind: 'named'; name: string };

const PRIMITIVES = new Set([
  'string',
  'integer',
  'number',
  'boolean',
  'object',
  'array',
]);

export function parseTypeExpression(expression: string): TypeExpression {
  const text = expression.trim();
  if (text.startsWith('[]'))
    return { kind: 'array', items: parseTypeExpression(text.slice(2)) };
  let match = /^array\s*<(.+)>$/.exec(text);
  if (match) return { kind: 'array', items: parseTypeExpression(match[1]) };
  match = /^map\s*<(.+)>$/.exec(text);
  if (match) return { kind: 'map', values: parseTypeExpression(match[1]) };
  match = /^map\[string\](.+)$/.exec(text);
  if (match) return { kind: 'map', values: parseTypeExpression(match[1]) };
  if (PRIMITIVES.has(text)) {
    return { kind: 'primitive', name: text as 'string' };
  }
  if (/^[A-Za-z_][\w.-]*$/.test(text)) return { kind: 'named', name: text };
  throw new ShorthandSyntaxError(`unknown type "${text}"`);
}

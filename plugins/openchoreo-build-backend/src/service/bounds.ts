import { CustomErrorBase, InputError } from '@backstage/errors';
import express, {
  type NextFunction,
  type RequestHandler,
  type Request,
  type Response,
} from 'express';

/**
 * Size limits checked before any schema work. zod's recursive JSON schema and ajv recurse once per
 * nesting level, so a 2 KB body nested 1,000 deep overflowed the stack (a 500, and tens of ms of
 * blocked event loop per request) before the permission check ran. The walk below is iterative
 * and stops at the first violation, so its cost is bounded by the body limit.
 */
export const REQUEST_BOUNDS = {
  /** Largest JSON body (`express.json` limit). */
  maxBodyBytes: 256 * 1024,
  /** Deepest object/array nesting below the body (`parameters` itself is level 1). */
  maxDepth: 16,
  /** Object keys plus array items in the whole body. */
  maxEntries: 1000,
  /** Longest string value or key, in UTF-8 bytes. */
  maxStringBytes: 64 * 1024,
} as const;

export type RequestBounds = { [K in keyof typeof REQUEST_BOUNDS]: number };

const KB = 1024;

/** 413 with a message naming the limit (body-parser's own says only "request entity too large"). */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

/** 415 for a body in a charset or content encoding the JSON parser does not read. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  readonly statusCode = 415;
}

/** A path segment as it appears in an error message: long or odd keys are cut and quoted. */
function segment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  const short = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return /^[A-Za-z0-9_-]+$/.test(short) ? short : JSON.stringify(short);
}

function pathText(root: string, path: ReadonlyArray<string | number>): string {
  return path.length ? path.map(segment).join('.') : root;
}

function isContainer(
  value: unknown,
): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** A value outside the bounds: where (`parameters.a.b`, or `where` for the root) and why. */
export interface BoundsProblem {
  path: string;
  message: string;
}

/**
 * The first place where `value` nests deeper, holds more entries or longer strings than `bounds`
 * allow, or uses the key `__proto__` (which a plain object assignment turns into a prototype
 * change rather than a field); undefined when it is within bounds. Iterative: input of any depth
 * costs no stack.
 */
export function findBoundsProblem(
  value: unknown,
  where: string,
  bounds: RequestBounds = REQUEST_BOUNDS,
): BoundsProblem | undefined {
  const problem = (
    path: ReadonlyArray<string | number>,
    message: string,
  ): BoundsProblem => ({ path: pathText(where, path), message });
  const tooLong = (text: string) =>
    // UTF-8 needs at most 3 bytes per UTF-16 unit: short strings need no byte count.
    text.length * 3 > bounds.maxStringBytes &&
    Buffer.byteLength(text, 'utf8') > bounds.maxStringBytes;
  const maxKb = Math.floor(bounds.maxStringBytes / KB);
  let entries = 0;
  const stack: Array<{ value: unknown; path: Array<string | number> }> = [
    { value, path: [] },
  ];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (tooLong(current)) return problem(path, `is longer than ${maxKb} KB`);
      continue;
    }
    if (!isContainer(current)) continue;
    if (path.length > bounds.maxDepth)
      return problem(path, `nests deeper than ${bounds.maxDepth} levels`);
    entries += Array.isArray(current)
      ? current.length
      : Object.keys(current).length;
    if (entries > bounds.maxEntries) {
      return problem(
        path.slice(0, 1),
        `the ${where} holds more than ${bounds.maxEntries} keys and items in total`,
      );
    }
    const children: Array<[string | number, unknown]> = Array.isArray(current)
      ? current.map((item, index): [number, unknown] => [index, item])
      : Object.entries(current);
    for (const [key, child] of children) {
      const childPath = [...path, key];
      if (key === '__proto__')
        return problem(childPath, 'is not an allowed key');
      if (typeof key === 'string' && tooLong(key))
        return problem(childPath, `has a key longer than ${maxKb} KB`);
      stack.push({ value: child, path: childPath });
    }
  }
  return undefined;
}

/** {@link findBoundsProblem} as an InputError naming the field (`Invalid body: parameters.a: …`). */
export function checkJsonBounds(
  value: unknown,
  where: string,
  bounds: RequestBounds = REQUEST_BOUNDS,
): void {
  const problem = findBoundsProblem(value, where, bounds);
  if (problem)
    throw new InputError(
      `Invalid ${where}: ${problem.path}: ${problem.message}`,
    );
}

const BODY_LIMIT_TEXT = `${REQUEST_BOUNDS.maxBodyBytes / KB} KB`;

/** body-parser's error shape (`type` says which failure, `status` the HTTP status it suggests). */
interface BodyParserError {
  type?: string;
  status?: number;
  charset?: string;
  encoding?: string;
}

/** What a body parser reads: the name its errors use ("JSON", "text") and what parse failure means. */
interface BodyFormat {
  name: string;
  /** The message of a body that does not parse (body-parser's `entity.parse.failed`). */
  parseFailed: string;
}

/**
 * The error a body-parser failure becomes: a 413 naming the limit, a 415 naming the charset or
 * `Content-Encoding`, and 400s naming the body, instead of body-parser's bare "request entity too
 * large" / "Unexpected token" texts.
 */
function bodyParserFailure(
  req: Request,
  failure: BodyParserError,
  limitText: string,
  format: BodyFormat,
): Error {
  switch (failure.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `body: the request body exceeds the ${limitText} limit`,
      );
    case 'entity.parse.failed':
      return new InputError(format.parseFailed);
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(
        `Content-Type: charset "${String(failure.charset ?? '').slice(
          0,
          40,
        )}" is not supported; send UTF-8 ${format.name}`,
      );
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        `Content-Encoding: "${String(failure.encoding ?? '').slice(
          0,
          40,
        )}" is not supported`,
      );
    case 'request.size.invalid':
      return new InputError(
        'Content-Length: does not match the length of the body',
      );
    case 'request.aborted':
      return new InputError(
        'body: the request was aborted before the body was complete',
      );
    default: {
      // Anything else body-parser reports is about the request, never the server; without a
      // type it is most often a compressed body that does not inflate.
      const encoding = req.header('content-encoding');
      return encoding && encoding !== 'identity'
        ? new InputError(
            `Content-Encoding: the body is not valid "${encoding.slice(
              0,
              40,
            )}" data`,
          )
        : new InputError(
            `body: could not be read (${failure.type ?? 'unreadable'})`,
          );
    }
  }
}

/** A body-parser middleware whose failures become {@link bodyParserFailure}'s errors. */
export function boundedBody(
  parser: RequestHandler,
  limitText: string,
  format: BodyFormat,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (error?: unknown) =>
      next(
        error
          ? bodyParserFailure(req, error as BodyParserError, limitText, format)
          : undefined,
      ),
    );
}

/** `express.json` with the plugin's body limit, its failures named (see {@link boundedBody}). */
export function jsonBody(limitBytes: number = REQUEST_BOUNDS.maxBodyBytes) {
  return boundedBody(
    express.json({ limit: limitBytes }),
    limitBytes === REQUEST_BOUNDS.maxBodyBytes
      ? BODY_LIMIT_TEXT
      : `${limitBytes} bytes`,
    {
      name: 'JSON',
      parseFailed:
        'body: is not valid JSON (a JSON object was expected, as Content-Type: application/json says)',
    },
  );
}

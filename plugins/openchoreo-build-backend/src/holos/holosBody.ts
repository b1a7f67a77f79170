import { InputError } from '@backstage/errors';
import express, {
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import {
  boundedBody,
  checkJsonBounds,
  jsonBody,
  UnsupportedMediaTypeError,
  type RequestBounds,
} from '../service/bounds';

/** `Content-Type`s read as one JSON document or an array of documents. */
export const HOLOS_JSON_TYPES = ['application/json'] as const;
/** `Content-Type`s read as text (YAML, JSON, or a stream as `holos show buildplans` prints it). */
export const HOLOS_TEXT_TYPES = [
  'application/yaml',
  'text/yaml',
  'application/x-yaml',
  'text/plain',
] as const;

/** What `POST /holos/buildplans/validate` was sent. */
export type HolosRequestBody =
  | { format: 'text'; text: string }
  | { format: 'json'; documents: unknown[] };

/**
 * The checks `service/bounds.ts` applies to JSON bodies, sized for Holos plans: Helm values and
 * Kubernetes resources nest and repeat far more than run parameters. They keep an unreasonable
 * body from reaching the analysis (whose schema validation recurses per nesting level).
 */
function holosJsonBounds(maxBytes: number): RequestBounds {
  return {
    maxBodyBytes: maxBytes,
    maxDepth: 64,
    maxEntries: 200_000,
    maxStringBytes: maxBytes,
  };
}

/** `express.text` whose failures name what was wrong, as `jsonBody` does for JSON. */
function textBody(maxBytes: number): RequestHandler {
  return boundedBody(
    express.text({ limit: maxBytes, type: () => true }),
    `${maxBytes} bytes`,
    { name: 'text', parseFailed: 'body: could not be read as text' },
  );
}

function run(
  handler: RequestHandler,
  req: Request,
  res: Response,
): Promise<void> {
  return new Promise((resolve, reject) =>
    handler(req, res, (error?: unknown) => (error ? reject(error) : resolve())),
  );
}

/**
 * Reads the body of a validate request by its `Content-Type`: JSON (one document or an array of
 * them) or text (YAML or JSON, one document or a stream). Another type is a 415 naming the
 * accepted ones; a body over `maxBytes` a 413.
 */
export async function readHolosBody(
  req: Request,
  res: Response,
  maxBytes: number,
): Promise<HolosRequestBody> {
  const contentType = req.header('content-type');
  const accepted = [...HOLOS_JSON_TYPES, ...HOLOS_TEXT_TYPES].join(', ');
  const matched = contentType
    ? req.is([...HOLOS_JSON_TYPES, ...HOLOS_TEXT_TYPES])
    : false;
  if (matched === null) {
    // `req.is` answers null for a request without a body, whatever its type.
    throw new InputError(
      'body: is empty; send a BuildPlan, a Platform or a stream of BuildPlans',
    );
  }
  if (!matched) {
    throw new UnsupportedMediaTypeError(
      contentType
        ? `Content-Type: "${contentType.slice(
            0,
            80,
          )}" is not accepted; send one of ${accepted}`
        : `Content-Type: missing; send one of ${accepted}`,
    );
  }
  if (HOLOS_JSON_TYPES.some(type => type === matched)) {
    await run(jsonBody(maxBytes), req, res);
    const body: unknown = req.body;
    checkJsonBounds(body, 'body', holosJsonBounds(maxBytes));
    return {
      format: 'json',
      documents: Array.isArray(body) ? body : [body],
    };
  }
  await run(textBody(maxBytes), req, res);
  return {
    format: 'text',
    text: typeof req.body === 'string' ? req.body : '',
  };
}

import { ResponseError } from '@backstage/errors';

/** What Backstage's error handler puts under `error`: the error's name, message and own fields. */
export interface BackstageErrorBody {
  name: string;
  message: string;
  [field: string]: unknown;
}

/**
 * The ResponseError the plugin's API client throws when the backend refuses a request: the JSON
 * body a Backstage backend writes for `error` with `status`, read by `ResponseError.fromResponse`
 * as the client reads it.
 */
export function responseError(
  status: number,
  error: BackstageErrorBody,
): Promise<ResponseError> {
  const response = new Response(
    JSON.stringify({ error, response: { statusCode: status } }),
    { status, headers: { 'Content-Type': 'application/json' } },
  );
  // fromResponse is typed for cross-fetch's Response; it reads only what the global one has too.
  return ResponseError.fromResponse(response as never);
}

import { ResponseError } from '@backstage/errors';

/** The message of an error, preferring the backend's own words from a ResponseError body. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message ?? error.message;
  }
  if (error && typeof error === 'object' && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** HTTP status of a failed request, when known. */
export function errorStatus(error: unknown): number | undefined {
  if (error instanceof ResponseError) return error.statusCode;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Splits a backend 400 message into per-field problems. The backend names each problem with its
 * field path: `Invalid body: systemParameters.repository.revision.commit: must be …; parameters.x: …`
 * or `Invalid run request: parameters.docker.filePath: must be string`. Returns the field paths
 * mapped to their messages, plus what could not be tied to a field.
 */
export function parseFieldErrors(message: string): {
  fields: Record<string, string>;
  general: string[];
} {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  const body = message.replace(/^Invalid [^:]*:\s*/, '');
  for (const part of body.split(/;\s+/)) {
    const match = /^([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*):\s+(.+)$/.exec(
      part.trim(),
    );
    if (
      match &&
      match[1] !== 'body' &&
      match[1] !== 'query' &&
      match[1] !== 'path'
    ) {
      fields[match[1]] = fields[match[1]]
        ? `${fields[match[1]]}; ${match[2]}`
        : match[2];
    } else if (part.trim()) {
      general.push(part.trim());
    }
  }
  return { fields, general };
}

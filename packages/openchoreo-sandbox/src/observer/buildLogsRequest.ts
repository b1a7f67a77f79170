import { GoTime, goTimeString, isBefore, parseRfc3339 } from './rfc3339';

/**
 * The body of `POST /api/logs/build/{buildId}` read as the observer reads it:
 * `httputil.BindJSON` into `BuildLogsRequest`, `validateTimes`, then the defaults
 * (`internal/observer/handlers/handlers.go@v0.9.0`, `GetBuildLogs`;
 * `internal/observer/httputil/json.go@v0.9.0`; `internal/observer/handlers/validations.go@v0.9.0`).
 */

/** The observer's error answer (`handlers.ErrorResponse`). */
export interface ObserverError {
  error: string;
  code: string;
  message: string;
}

export interface BuildLogsRequest {
  startTime: GoTime;
  endTime: GoTime;
  /** Default 100; not range-checked here: OpenSearch judges it (see `archive.ts`). */
  limit: number;
  /** Default `asc`; passed to OpenSearch as it came. */
  sortOrder: string;
}

const INVALID_REQUEST_FORMAT: ObserverError = {
  error: 'invalidRequest',
  code: 'OBS-L-12',
  message: 'Invalid request format',
};

function invalidRequest(message: string): ObserverError {
  return { error: 'invalidRequest', code: 'OBS-L-12', message };
}

/** Go's `BuildLogsRequest` as `json.Unmarshal` fills it (zero values for what is missing). */
interface BoundRequest {
  startTime: string;
  endTime: string;
  limit: number;
  sortOrder: string;
}
type FieldName = keyof BoundRequest;
const FIELD_NAMES: FieldName[] = ['startTime', 'endTime', 'limit', 'sortOrder'];

/** Go's int is 64 bits; a fraction or a larger JSON number does not unmarshal into it. */
function isGoInt(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    Math.abs(value) < 2 ** 63
  );
}

/** The Go field a JSON key sets: the exact name, else a case-insensitive match (as `encoding/json` does). */
function fieldFor(key: string): FieldName | undefined {
  const exact = FIELD_NAMES.find(f => f === key);
  if (exact) return exact;
  const folded = key.toLowerCase();
  return FIELD_NAMES.find(f => f.toLowerCase() === folded);
}

/**
 * `BindJSON` + `json.Unmarshal`: the content type, when given, must be JSON; the body must not be
 * empty; unknown keys are ignored; `null` leaves a field unset; any other type mismatch fails.
 */
function bind(
  contentType: string | undefined,
  body: string,
): BoundRequest | undefined {
  if (contentType && !contentType.startsWith('application/json'))
    return undefined;
  if (body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const bound: BoundRequest = {
    startTime: '',
    endTime: '',
    limit: 0,
    sortOrder: '',
  };
  if (parsed === null) return bound;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  for (const [key, value] of Object.entries(parsed)) {
    const field = fieldFor(key);
    if (!field || value === null) continue;
    if (field === 'limit') {
      if (!isGoInt(value)) return undefined;
      bound.limit = value;
    } else {
      if (typeof value !== 'string') return undefined;
      bound[field] = value;
    }
  }
  return bound;
}

/** `validateTimes`, with its messages. */
function validateTimes(
  startText: string,
  endText: string,
): { start: GoTime; end: GoTime } | ObserverError {
  if (!startText) return invalidRequest('Required field startTime not found');
  if (!endText) return invalidRequest('Required field endTime not found');
  const start = parseRfc3339(startText);
  if ('error' in start)
    return invalidRequest(
      `startTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): ${start.error}`,
    );
  const end = parseRfc3339(endText);
  if ('error' in end)
    return invalidRequest(
      `endTime must be in RFC3339 format (e.g., 2024-01-01T00:00:00Z): ${end.error}`,
    );
  if (isBefore(end.time, start.time))
    return invalidRequest(
      `endTime (${goTimeString(
        end.time,
      )}) must be after startTime (${goTimeString(start.time)})`,
    );
  return { start: start.time, end: end.time };
}

/** The request with its defaults, or the 400 answer the observer gives. */
export function readBuildLogsRequest(
  contentType: string | undefined,
  body: string,
): BuildLogsRequest | ObserverError {
  const bound = bind(contentType, body);
  if (!bound) return INVALID_REQUEST_FORMAT;
  const times = validateTimes(bound.startTime, bound.endTime);
  if ('code' in times) return times;
  return {
    startTime: times.start,
    endTime: times.end,
    limit: bound.limit || 100,
    sortOrder: bound.sortOrder || 'asc',
  };
}

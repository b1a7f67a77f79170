import type { JsonObject } from './types';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * An API failure that is sent to the client as a `meta/v1 Status` object,
 * exactly the shape real API servers use so clients can branch on `reason`.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): JsonObject {
    const status: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) status.details = JSON.parse(JSON.stringify(this.details));
    return status;
  }
}

function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const errors = {
  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (
    user: string,
    verb: string,
    resource: string,
    group: string,
    namespace?: string,
  ) =>
    new ApiError(
      403,
      'Forbidden',
      `${qualified(
        resource,
        group,
      )} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}"${
        namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'
      }`,
      { group, kind: resource },
    ),
  notFound: (resource: string, group: string, name: string) =>
    new ApiError(
      404,
      'NotFound',
      `${qualified(resource, group)} "${name}" not found`,
      {
        name,
        group,
        kind: resource,
      },
    ),
  pathNotFound: () =>
    new ApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    ),
  methodNotAllowed: (method: string) =>
    new ApiError(
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource: ${method}`,
    ),
  alreadyExists: (resource: string, group: string, name: string) =>
    new ApiError(
      409,
      'AlreadyExists',
      `${qualified(resource, group)} "${name}" already exists`,
      {
        name,
        group,
        kind: resource,
      },
    ),
  conflict: (resource: string, group: string, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(
        resource,
        group,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group, kind: resource },
    ),
  gone: (message: string) => new ApiError(410, 'Expired', message),
  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),
  unsupportedMediaType: (message: string) =>
    new ApiError(415, 'UnsupportedMediaType', message),
  invalid: (kind: string, group: string, name: string, causes: StatusCause[]) =>
    new ApiError(
      422,
      'Invalid',
      `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes
        .map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
        .join(', ')}`,
      { name, group, kind, causes },
    ),
  internal: (message: string) => new ApiError(500, 'InternalError', message),
};

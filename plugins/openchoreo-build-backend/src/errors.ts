import { CustomErrorBase } from '@backstage/errors';

/**
 * 502: a cluster API answered, but not usefully (5xx, refused our credentials, unreadable body).
 * Backstage's error handler uses `statusCode` for the response status.
 */
export class BadGatewayError extends CustomErrorBase {
  name = 'BadGatewayError' as const;
  readonly statusCode = 502;
}

/** 504: a cluster API did not answer in time. */
export class GatewayTimeoutError extends CustomErrorBase {
  name = 'GatewayTimeoutError' as const;
  readonly statusCode = 504;
}

/**
 * 503 because a cluster asked us to slow down (HTTP 429) or is briefly unavailable: carries how
 * long to wait, which the routers send as `Retry-After` (see `service/routeKit.ts`).
 */
export class UpstreamBusyError extends CustomErrorBase {
  name = 'UpstreamBusyError' as const;
  readonly statusCode = 503;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

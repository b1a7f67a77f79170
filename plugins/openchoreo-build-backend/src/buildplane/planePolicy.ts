import { ServiceUnavailableError } from '@backstage/errors';

/**
 * What the backend accepts from a BuildPlane object. BuildPlanes are written by org admins (or
 * whoever holds that RBAC), not by the portal's operator, so their URLs and TLS settings are input:
 * credentials are only sent over verified TLS unless the operator opts in for development.
 */
export interface PlanePolicy {
  /** `openchoreo.build.allowInsecureBuildPlanes`: permit `http://` and `insecureSkipVerify`. */
  allowInsecure: boolean;
}

const OPT_IN =
  'set openchoreo.build.allowInsecureBuildPlanes: true to allow it (development only)';

/** Why a URL taken from a BuildPlane is refused, or undefined when it is acceptable. */
export function urlRefusal(
  url: string,
  field: string,
  policy: PlanePolicy,
): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${field} is not a valid URL`;
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return policy.allowInsecure
      ? undefined
      : `${field} is plain http://, which would send the plane's credentials unencrypted; ${OPT_IN}`;
  }
  return `${field} must be an https:// URL (got ${parsed.protocol})`;
}

/** Why `tls.insecureSkipVerify` is refused, or undefined. */
export function skipVerifyRefusal(
  insecureSkipVerify: boolean | undefined,
  field: string,
  policy: PlanePolicy,
): string | undefined {
  if (!insecureSkipVerify || policy.allowInsecure) return undefined;
  return `${field} is true, which would send the plane's credentials to any server; ${OPT_IN}`;
}

// RFC 1123 subdomain, as Kubernetes names are; rules out "..", "/" and empty segments in the
// gateway path the planeID is put into.
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why a planeID cannot go into the gateway route, or undefined. */
export function planeIdRefusal(planeID: string): string | undefined {
  if (planeID.length <= 253 && DNS_SUBDOMAIN.test(planeID)) return undefined;
  return `spec.planeID "${planeID.slice(
    0,
    64,
  )}" is not a valid Kubernetes name`;
}

/** The error for a refused BuildPlane field: 503 naming the plane, like other unusable planes. */
export function refused(
  planeLabel: string,
  reason: string,
): ServiceUnavailableError {
  return new ServiceUnavailableError(`${planeLabel}: ${reason}`);
}

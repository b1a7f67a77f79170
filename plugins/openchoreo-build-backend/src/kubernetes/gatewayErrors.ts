import {
  NotImplementedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { BadGatewayError, GatewayTimeoutError } from '../errors';

/**
 * The answers OpenChoreo's cluster gateway writes itself, recognised by status and text. They are
 * `http.Error` plain text, never JSON or a Kubernetes Status
 * (`internal/cluster-gateway/server.go@v0.9.0`, `validator.go@v0.9.0`; the same texts at v0.7.0).
 * A Kubernetes API server does not send these texts, so they are read the same way whichever
 * cluster the request went to.
 */

const SNIPPET_CHARS = 160;

/**
 * A text body as it may appear in a message: tags and control characters removed, whitespace
 * collapsed, cut to 160 characters. What a server answered is never echoed beyond this.
 */
export function bodySnippet(text: string): string {
  const plain = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > SNIPPET_CHARS
    ? `${plain.slice(0, SNIPPET_CHARS)}…`
    : plain;
}

/** A plane identifier as the gateway names it (`buildplane/{id}`), or a placeholder when odd. */
function planeIdentifierIn(text: string): string | undefined {
  const match = /no agents found for plane (\S+)/.exec(text);
  const id = match?.[1];
  return id && id.length <= 300 && /^[A-Za-z0-9._/-]+$/.test(id)
    ? id
    : undefined;
}

const BOTH_PATH_FORMS =
  'v0.7/v0.8 gateways take /api/proxy/buildplane/{name}/k8s/…, v0.9 and later /api/proxy/buildplane/{planeID}/{namespace}/{name}/k8s/…, v1.x /api/proxy/workflowplane/{planeID}/{namespace|_cluster}/{name}/k8s/…';

/** Checks and texts of `RequestValidator` and `handleHTTPProxy` that refuse a request. */
const REFUSALS: Array<{ status: number; text: RegExp; hint?: string }> = [
  {
    status: 403,
    text: /^Target not allowed: /,
    hint: `the gateway read the path in another release's form (${BOTH_PATH_FORMS}); check that the BuildPlane's shape (agent.enabled for v0.7/v0.8, clusterAgent for v0.9+) matches the OpenChoreo release the gateway runs`,
  },
  {
    // v1.x routes on the CR as well as the planeID (`server.go@v1.2.3:530-583`).
    status: 403,
    text: /^Forbidden: Agent not authorized for CR /,
    hint: 'the agents connected under this planeID are not registered for this WorkflowPlane/ClusterWorkflowPlane; check that the cluster agent of the plane is configured for it (same planeID, and the plane object whose spec.clusterAgent.clientCA signed the agent certificate)',
  },
  { status: 403, text: /^Access to path is blocked: / },
  { status: 405, text: /^HTTP method not allowed: / },
  { status: 413, text: /^Request body too large: / },
  { status: 400, text: /^Path contains / },
  {
    status: 400,
    text: /^invalid proxy URL format: /,
    hint: `the gateway expects another path form (${BOTH_PATH_FORMS})`,
  },
];

/**
 * The error for an answer of the cluster gateway itself, or undefined when `text` is not one.
 * `detail`: false leaves out what the gateway said (messages that any reader sees).
 */
export function gatewayError(
  status: number,
  text: string,
  target: string,
  what: string,
  detail: boolean,
): Error | undefined {
  const said = (t: string) => (detail ? `: ${bodySnippet(t)}` : '');
  if (status === 502 && text.startsWith('proxy request failed: ')) {
    if (text.includes('no agents found for plane')) {
      // connection_manager.go@v0.9.0:151 via server.go@v0.9.0:547,460.
      const id = detail ? planeIdentifierIn(text) : undefined;
      return new ServiceUnavailableError(
        `${target}: the build plane's agent is not connected to the cluster gateway${
          id ? ` (no agent registered as ${id})` : ''
        }, so ${what} cannot reach the plane. Check that the cluster agent runs in the build plane and can reach the gateway, and that it registers under the id the portal uses: spec.planeID (else the BuildPlane's name) from v0.9, the BuildPlane's name on v0.7/v0.8; from v0.12 the BuildPlane's status.agentConnection shows whether it is connected`,
      );
    }
    if (text.includes('HTTP tunnel request timeout')) {
      // server.go@v0.9.0:557: the gateway waits 30 s for the agent.
      return new GatewayTimeoutError(
        `${target} timed out on ${what}: the build plane's agent did not answer the cluster gateway within the gateway's 30 s limit (HTTP 502 from the gateway)`,
      );
    }
    return new BadGatewayError(
      `${target}: the cluster gateway could not pass ${what} to the build plane's agent (HTTP 502)${said(
        text,
      )}`,
    );
  }
  if (status === 501 && text.startsWith('Streaming operations')) {
    // server.go@v0.9.0:485-517: watch=true, follow=true on logs and upgrades are refused.
    return new NotImplementedError(
      `${target} does not support ${what}: the cluster gateway answers streaming requests (watch, log follow, exec) with HTTP 501, so agent-mode planes are polled`,
    );
  }
  const refusal = REFUSALS.find(r => r.status === status && r.text.test(text));
  if (refusal) {
    return new BadGatewayError(
      `the cluster gateway refused ${what} for ${target} (HTTP ${status})${said(
        text,
      )}${refusal.hint ? `; ${refusal.hint}` : ''}`,
    );
  }
  return undefined;
}

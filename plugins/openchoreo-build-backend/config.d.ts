export interface Config {
  openchoreo?: {
    build?: {
      /**
       * The organizations (Kubernetes namespaces) whose builds the portal shows.
       * @visibility frontend
       */
      namespaces?: string[];

      /**
       * How the backend reaches the OpenChoreo control plane (its Kubernetes API). Give either
       * `url` with `token` / `serviceAccountTokenFile`, or `kubeconfig`, or `inCluster: true`.
       */
      controlPlane?: {
        /** API server URL, e.g. https://kubernetes.default.svc or http://localhost:7010 (sandbox). */
        url?: string;
        /**
         * Bearer token for the API server.
         * @visibility secret
         */
        token?: string;
        /** File holding a bearer token (re-read on every request, so rotated tokens work). */
        serviceAccountTokenFile?: string;
        /**
         * CA bundle of the API server: PEM text or base64 PEM.
         * @visibility secret
         */
        caData?: string;
        /** Skip TLS verification of the API server (development only). */
        skipTLSVerify?: boolean;
        /** Path of a kubeconfig file; its current context is used. */
        kubeconfig?: string;
        /** Use the pod's service account (KUBERNETES_SERVICE_HOST + mounted token). */
        inCluster?: boolean;
        /**
         * Per-request timeout in milliseconds (default 15000; a whole number from 1 to 2147483647);
         * exceeding it answers 504.
         */
        requestTimeoutMs?: number;
      };

      /**
       * OpenChoreo's cluster gateway, used for agent-mode build planes (v0.7 `agent.enabled`,
       * v0.9 `clusterAgent`).
       */
      clusterGateway?: {
        /** Gateway base URL, e.g. https://cluster-gateway.openchoreo-control-plane:8443 */
        url: string;
        /**
         * CA of the gateway's server certificate: PEM text or base64 PEM.
         * @visibility secret
         */
        caData?: string;
        /**
         * Client certificate for mTLS: PEM text or base64 PEM.
         * @visibility secret
         */
        clientCert?: string;
        /**
         * Client key for mTLS: PEM text or base64 PEM.
         * @visibility secret
         */
        clientKey?: string;
      };

      /**
       * The observer (archived build logs). Which observer serves an org: the BuildPlane's inline
       * `spec.observer` (v0.3–v0.7, with its own basic auth), else the `observerURL` of the
       * ObservabilityPlane its `observabilityPlaneRef` names (v0.8+), else `url` here. `auth` is
       * used for every observer except the inline ones.
       */
      observer?: {
        /** Fallback observer URL, e.g. https://observer.openchoreo-observability-plane:8080 */
        url?: string;
        /**
         * How the backend authenticates. The v0.9 observer wants a JWT (`jwt`: OAuth2
         * client credentials from your identity provider).
         */
        auth?:
          | {
              type: 'jwt';
              /** The identity provider's token endpoint. */
              tokenUrl: string;
              clientId: string;
              /** @visibility secret */
              clientSecret: string;
              /** Sent as the `audience` parameter of the token request. */
              audience?: string;
              /** Sent as the `scope` parameter of the token request. */
              scope?: string;
              /** Default `client_secret_basic`. */
              clientAuthMethod?: 'client_secret_basic' | 'client_secret_post';
            }
          | {
              type: 'bearer';
              /** @visibility secret */
              token: string;
            }
          | {
              type: 'basic';
              username: string;
              /** @visibility secret */
              password?: string;
            }
          | { type: 'none' };
        /** Older form of `auth: {type: basic}`. */
        username?: string;
        /**
         * Older form of `auth: {type: basic}`.
         * @visibility secret
         */
        password?: string;
        /**
         * Older form of `auth: {type: bearer}`.
         * @visibility secret
         */
        token?: string;
      };

      /**
       * Accept BuildPlanes whose API server or inline observer is plain `http://`, or that set
       * `kubernetesCluster.tls.insecureSkipVerify` (default false). BuildPlanes are input written by
       * org admins; these settings would send the plane's credentials unencrypted or to any server.
       * URLs configured here (control plane, cluster gateway, observer) are not affected.
       * Development only, e.g. for the sandbox's plain-http observer.
       */
      allowInsecureBuildPlanes?: boolean;

      logs?: {
        /** How often agent-mode logs are polled, in milliseconds (default 2000; a whole number of at least 100). */
        pollIntervalMs?: number;
      };

      events?: {
        /** Seconds between SSE heartbeat comments on /events (default 15; a whole number of at least 1). */
        heartbeatSeconds?: number;
      };

      /**
       * Each backend replica keeps an organization's runs in memory (a watch of its
       * ComponentWorkflowRuns, or WorkflowRuns in a v1 organization) while anyone lists them or
       * follows `/events`, and stops it after this many seconds without either (default 300; a
       * whole number from 1 to 2147483). The next list after a stop lists every run again (about
       * 3 s per 100,000 runs); a longer time keeps large organizations warm. While build-end
       * notifications are on, the organizations of `namespaces` are watched from start to
       * shutdown, so this applies to the others only.
       */
      runCache?: {
        idleSeconds?: number;
      };

      /** Backstage notifications when a build ends (`@backstage/plugin-notifications-backend`). */
      notifications?: {
        /**
         * Notify the user who started a build and its component's owner when the build ends.
         * Default: on when this backend runs the notifications backend, else off. Set true when
         * the notifications backend runs in another backend instance; false turns it off.
         */
        enabled?: boolean;
      };

      /** Why a run is stuck or failed (`diagnosis` of `GET /runs/:ns/:name`). */
      diagnosis?: {
        /**
         * Seconds a run may stay Pending, or a step's pod stay in ContainerCreating, before it is
         * reported as stuck (default 60): a run that has just started is not.
         */
        pendingGraceSeconds?: number;
      };

      /**
       * Resource limits. Stream caps count open responses per caller (the Backstage user entity
       * ref; services by their subject) and in all; beyond a cap the route answers 429 with
       * `Retry-After`.
       */
      limits?: {
        /** Open step-log responses (SSE, JSON pages, downloads). Defaults: 20 per user, 2000 in all. */
        logStreams?: { perUser?: number; total?: number };
        /** Open `GET /events` streams. Defaults: 20 per user, 2000 in all. */
        eventStreams?: { perUser?: number; total?: number };
        /** Bytes of log text in one JSON page (default 8 MiB); a fuller page ends early with `truncated`. */
        logPageBytes?: number;
        /** Bytes of one log download (default 512 MiB); a longer log ends with a final note line. */
        logDownloadBytes?: number;
        /** Bytes of one observer answer (default 64 MiB); a larger one answers 502. */
        observerResponseBytes?: number;
        /**
         * Archived entries (all containers) read to rebuild the steps of a run whose Workflow
         * expired, or to serve its whole-run log (default 200000); a longer archive is cut.
         */
        archiveEntries?: number;
        /**
         * Bytes of recent lines each shared live step-log follow keeps (default 2 MiB), so a
         * follower that joins late or falls behind continues from memory; an older position is
         * read from the plane by that follower alone until it catches up.
         */
        logFollowWindowBytes?: number;
      };

      /**
       * How the plugin's permissions meet the catalog. Runs, logs, events, builds and auto-build
       * are decided on the catalog entity that claims the OpenChoreo component (annotations
       * `openchoreo.io/namespace` — or the older `openchoreo.io/organization` — `openchoreo.io/project`
       * and `openchoreo.io/component`).
       */
      permissions?: {
        /**
         * A component no catalog entity claims: `deny` (default) for everyone, or
         * `unconditional` — allowed only to users the policy allows the permission without
         * conditions (for example a platform team).
         */
        unclaimedComponents?: 'deny' | 'unconditional';
      };

      /**
       * Holos BuildPlans of catalog entities (`GET /api/openchoreo-build/holos/buildplans`): the
       * `holos.run/buildplans` annotation is read with Backstage's UrlReader (`integrations`,
       * `backend.reading.allow`).
       */
      holos?: {
        /**
         * Seconds a read plans file is answered without asking its source again (default 300);
         * after that it is revalidated with its ETag. 0 revalidates on every request.
         */
        cacheTtlSeconds?: number;
        /**
         * Development only: directories (absolute, or relative to the backend's working directory)
         * under which plans of entities from `file:` catalog locations are read; the UrlReader
         * reads no local files. A path that leaves them (`..`, a symlink) is refused. Default: none.
         */
        localRoots?: string[];
      };

      /**
       * Auto-build webhooks (`POST /api/openchoreo-build/webhooks/{github|gitlab|bitbucket}`). Each
       * provider's secret comes from here or, when absent, from the control-plane Secret
       * `secretRef` (default `openchoreo-control-plane/git-webhook-secrets`, keys `github-secret`,
       * `gitlab-secret`, `bitbucket-secret`). An org may give a repository its own secret in the
       * Secret `repositorySecrets.name` of its namespace (see docs/configuration.md).
       */
      webhooks?: {
        /**
         * GitHub webhook secret (verifies `X-Hub-Signature-256`).
         * @visibility secret
         */
        githubSecret?: string;
        /**
         * GitLab secret token (compared with `X-Gitlab-Token`).
         * @visibility secret
         */
        gitlabSecret?: string;
        /**
         * Bitbucket Cloud webhook secret (verifies the HMAC in `X-Hub-Signature`; the webhook's
         * UUID only with `dangerouslyAllowBitbucketHookUuid`).
         * @visibility secret
         */
        bitbucketSecret?: string;
        /**
         * Legacy: accept Bitbucket deliveries without `X-Hub-Signature` when `X-Hook-UUID` equals
         * the secret (default false). The hook UUID is no secret: every repository admin sees it.
         */
        dangerouslyAllowBitbucketHookUuid?: boolean;
        /** Per-repository secrets, one Secret in each org's namespace. */
        repositorySecrets?: {
          /** Default `git-webhook-repository-secrets`. */
          name?: string;
        };
        /**
         * Minutes within which a push of the same commit to the same branch builds a component at
         * most once, whatever delivery id it comes with (default 1440).
         */
        replayWindowMinutes?: number;
        /** Deliveries handled at once (default 8). */
        maxConcurrentDeliveries?: number;
        /** Deliveries waiting for a slot before the webhook answers 503 (default 64). */
        maxQueuedDeliveries?: number;
        /** The control-plane Secret read when a provider's secret is not configured here. */
        secretRef?: {
          /** Default `openchoreo-control-plane`. */
          namespace?: string;
          /** Default `git-webhook-secrets`. */
          name?: string;
        };
        /**
         * Only build a component when the pushed branch is its `repository.revision.branch`
         * (default true). False: OpenChoreo's branch-agnostic matching (any branch builds).
         */
        requireBranchMatch?: boolean;
        /**
         * Base URL the Git providers reach the plugin at, shown in the UI's setup steps
         * (default: the backend's external URL + `/api/openchoreo-build`).
         */
        publicBaseUrl?: string;
      };
    };
  };
}

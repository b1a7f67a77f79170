import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  openchoreo?: {
    build?: {
      /**
       * Read by the provider too (declared here as well so the secrets stay secret when the module
       * is installed without the backend plugin); see the backend plugin's config.d.ts.
       */
      controlPlane?: {
        url?: string;
        /** @visibility secret */
        token?: string;
        serviceAccountTokenFile?: string;
        /** @visibility secret */
        caData?: string;
        skipTLSVerify?: boolean;
        kubeconfig?: string;
        inCluster?: boolean;
        /** Per-request timeout of lists in milliseconds (default 15000; a whole number from 1 to 2147483647). */
        requestTimeoutMs?: number;
      };
      /**
       * The catalog entity provider of `@openchoreo-build/plugin-catalog-backend-module-openchoreo-build`:
       * a Domain per organization, a System per Project and a Component per Component of the control
       * plane configured in `openchoreo.build.controlPlane`. See docs/configuration.md.
       */
      catalog?: {
        /**
         * Label or annotation on a Component, else on its Project, naming the owner: an entity ref
         * (`group:default/team-a`) or a group name (`team-a`, read as `group:default/team-a`).
         * Default `openchoreo.dev/owner`.
         */
        ownerKey?: string;
        /** Owner of an organization's entities without an owner label, per organization. */
        defaultOwners?: { [organization: string]: string };
        /**
         * Owner of every entity nothing else names an owner for. Default
         * `group:default/openchoreo-unowned` (a group that should not exist: only the platform group
         * may act on such components until someone labels them).
         */
        defaultOwner?: string;
        /** `spec.lifecycle` of Components without an `openchoreo.dev/lifecycle` annotation. Default `production`. */
        lifecycle?: string;
        /** When the full refresh runs. Default every 10 minutes, timeout 2 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}

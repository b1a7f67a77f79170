export interface Config {
  openchoreo?: {
    build?: {
      /**
       * The portal's permission policy (packages/backend/src/permissions). Owners of a component
       * (its `spec.owner`, directly or through group membership) may read its runs, start and
       * cancel builds and switch auto-build.
       */
      permissions?: {
        /**
         * Group(s) whose members may do everything: every component's builds, build planes,
         * workflows, registering and unregistering catalog entities. An entity ref such as
         * `group:default/platform-team`. Unset: nobody has these rights.
         */
        platformGroup?: string | string[];
        /**
         * Who may read the runs, logs and events of a component: `all` signed-in users (default)
         * or only its `owners` (and the platform group).
         */
        readRuns?: 'all' | 'owners';
        /**
         * Who may see build planes and workflows: the `platform` group (default) or `all`
         * signed-in users.
         */
        platformViews?: 'platform' | 'all';
      };
    };
  };
}

export interface Config {
  app?: {
    /** The sign-in page. */
    signIn?: {
      /**
       * The sign-in methods offered, in order: `guest` (accepted only by a development backend)
       * and/or `oidc` (the backend's `auth.providers.oidc`). Default: `[guest]`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'oidc'>;
      /**
       * The OpenID Connect button's title, e.g. the identity provider's name.
       * @visibility frontend
       */
      oidcTitle?: string;
    };
  };
}

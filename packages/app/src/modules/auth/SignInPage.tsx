import { SignInPage, type IdentityProviders } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

/** The sign-in methods `app.signIn.providers` may name (packages/app/config.d.ts). */
export type SignInMethod = 'guest' | 'oidc';

/**
 * The providers the sign-in page offers, from `app.signIn.providers` (default: the guest, which
 * only a development backend accepts).
 */
export function signInProviders(
  methods: readonly string[] | undefined,
  oidcTitle = 'OpenID Connect',
): IdentityProviders {
  const providers: IdentityProviders = [];
  for (const method of methods ?? ['guest']) {
    if (method === 'guest') providers.push('guest');
    else if (method === 'oidc') {
      providers.push({
        id: 'oidc-auth-provider',
        title: oidcTitle,
        message: 'Sign in with your organization account',
        apiRef: oidcAuthApiRef,
      });
    } else {
      throw new Error(
        `app.signIn.providers: unknown sign-in method "${method}" (use guest or oidc)`,
      );
    }
  }
  return providers;
}

export const PortalSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const providers = signInProviders(
    config.getOptionalStringArray('app.signIn.providers'),
    config.getOptionalString('app.signIn.oidcTitle'),
  );
  // Signs in silently when a session exists (a refresh cookie); a new sign-in needs a click, as
  // browsers block pop-ups that no click opened.
  return <SignInPage {...props} providers={providers} />;
};

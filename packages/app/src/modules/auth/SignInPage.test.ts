import { signInProviders } from './SignInPage';
import { oidcAuthApiRef } from './oidcAuthApi';

describe('signInProviders', () => {
  it('offers the guest by default', () => {
    expect(signInProviders(undefined)).toEqual(['guest']);
  });

  it('offers OpenID Connect through the oidc auth API', () => {
    expect(signInProviders(['oidc'], 'Demo IdP')).toEqual([
      expect.objectContaining({
        id: 'oidc-auth-provider',
        title: 'Demo IdP',
        apiRef: oidcAuthApiRef,
      }),
    ]);
  });

  it('rejects an unknown method', () => {
    expect(() => signInProviders(['github'])).toThrow(
      /unknown sign-in method "github"/,
    );
  });
});

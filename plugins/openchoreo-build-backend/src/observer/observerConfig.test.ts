import { ConfigReader } from '@backstage/config';
import { readObserverConfig } from './observerConfig';

const read = (observer: object) =>
  readObserverConfig(new ConfigReader(observer as never));

describe('openchoreo.build.observer', () => {
  it('reads auth.type jwt with its client credentials', () => {
    expect(
      read({
        url: 'https://observer.example/',
        auth: {
          type: 'jwt',
          tokenUrl: 'https://idp.example/token',
          clientId: 'portal',
          clientSecret: 'secret',
          audience: 'observer',
        },
      }),
    ).toEqual({
      url: 'https://observer.example',
      auth: {
        type: 'jwt',
        tokenUrl: 'https://idp.example/token',
        clientId: 'portal',
        clientSecret: 'secret',
        audience: 'observer',
        scope: undefined,
        clientAuthMethod: 'client_secret_basic',
      },
    });
  });

  it('maps the older flat token and username/password', () => {
    expect(read({ url: 'https://o', token: 't' })).toEqual({
      url: 'https://o',
      auth: { type: 'bearer', token: 't' },
    });
    expect(read({ url: 'https://o', username: 'u', password: 'p' })).toEqual({
      url: 'https://o',
      auth: { type: 'basic', username: 'u', password: 'p' },
    });
    expect(read({ url: 'https://o' })).toEqual({
      url: 'https://o',
      auth: { type: 'none' },
    });
  });

  it('allows auth without a url (the URL then comes from ObservabilityPlanes)', () => {
    expect(read({ auth: { type: 'bearer', token: 't' } })).toEqual({
      url: undefined,
      auth: { type: 'bearer', token: 't' },
    });
  });

  it.each([
    [
      { auth: { type: 'oidc' } },
      'openchoreo.build.observer.auth.type: "oidc" is not one of jwt, bearer, basic, none',
    ],
    [
      { auth: { type: 'jwt', clientId: 'a', clientSecret: 'b' } },
      'openchoreo.build.observer.auth.tokenUrl is required when openchoreo.build.observer.auth.type is jwt',
    ],
    [
      {
        auth: {
          type: 'jwt',
          tokenUrl: 'idp/token',
          clientId: 'a',
          clientSecret: 'b',
        },
      },
      'openchoreo.build.observer.auth.tokenUrl: "idp/token" is not a URL; give e.g. https://observer.example.com',
    ],
    [
      { token: 'leaked-token', auth: { type: 'none' } },
      'openchoreo.build.observer: give either auth or the older token, not both (move them into auth: {type: bearer, …})',
    ],
    [
      { url: 'ftp://observer' },
      'openchoreo.build.observer.url: must be an http(s) URL, got ftp:',
    ],
  ])('refuses %j with a message saying what to fix', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('never puts a secret in its messages', () => {
    expect(() =>
      read({
        auth: {
          type: 'jwt',
          tokenUrl: 'https://i',
          clientSecret: 'very-secret',
        },
      }),
    ).toThrow(/^((?!very-secret).)*$/);
  });
});

import { render, screen } from '@testing-library/react';
import App from './App';

const withConfig = (app: object) => {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'OpenChoreo Build Portal', ...app },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as unknown as string,
  };
};

describe('App', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  it('offers OpenID Connect sign-in when app.signIn.providers names it', async () => {
    withConfig({
      signIn: {
        providers: ['oidc', 'guest'],
        oidcTitle: 'Demo identity provider',
      },
    });

    render(App.createRoot());

    expect(
      await screen.findByText('Demo identity provider'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });

  it('boots to the guest sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'OpenChoreo Build Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as unknown as string,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
  });
});

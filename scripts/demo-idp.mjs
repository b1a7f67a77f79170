// A local OpenID Connect provider for the production demo (`./scripts/start.sh --production`), built on
// the certified `oidc-provider` (panva). DEMO ONLY: it keeps everything in memory, knows two users
// and listens on 127.0.0.1. For a real deployment use your organization's identity provider
// (docs/deployment.md).
//
// Environment:
//   DEMO_IDP_PORT            port (default 7010); the issuer is http://localhost:<port>
//   DEMO_IDP_CLIENT_ID       the portal's client id (default openchoreo-portal)
//   DEMO_IDP_CLIENT_SECRET   the portal's client secret (required; start.sh generates one per start)
//   DEMO_IDP_REDIRECT_URI    the portal's callback, <backend>/api/auth/oidc/handler/frame (required)
//   DEMO_IDP_PASSWORD        the demo users' password (required; start.sh generates and prints it)
import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const required = name => {
  const value = process.env[name];
  if (!value) {
    console.error(`demo-idp: ${name} is not set`);
    process.exit(2);
  }
  return value;
};

const port = Number(process.env.DEMO_IDP_PORT ?? 7010);
const issuer = `http://localhost:${port}`;
const clientId = process.env.DEMO_IDP_CLIENT_ID ?? 'openchoreo-portal';
const clientSecret = required('DEMO_IDP_CLIENT_SECRET');
const redirectUri = required('DEMO_IDP_REDIRECT_URI');
const password = required('DEMO_IDP_PASSWORD');

/** The demo users; examples/org.yaml has a catalog User with the same e-mail for each. */
const USERS = {
  ada: {
    name: 'Ada (app developer)',
    email: 'ada@demo.openchoreo.local',
    team: 'app-developers',
  },
  pat: {
    name: 'Pat (platform team)',
    email: 'pat@demo.openchoreo.local',
    team: 'platform-team',
  },
};

const signingKey = {
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  }),
  kid: randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  features: {
    // The built-in development login accepts any user name; the demo has its own login page.
    devInteractions: { enabled: false },
    revocation: { enabled: true },
  },
  async findAccount(_ctx, sub) {
    const user = USERS[sub];
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          name: user.name,
          preferred_username: sub,
          email: user.email,
          email_verified: true,
        };
      },
    };
  },
  interactions: {
    url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
  },
  // The portal is the only (first-party) client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId ||
      ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (!ctx.oidc.session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  // Backstage keeps the session alive with a refresh token.
  async issueRefreshToken(_ctx, client) {
    return client.grantTypeAllowed('refresh_token');
  },
});

const escape = text =>
  String(text).replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

const loginPage = (uid, error) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo sign-in</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}label{display:block;margin:.8rem 0}
input{display:block;width:100%;padding:.4rem}button{margin-top:1rem;padding:.5rem 1.5rem}.error{color:#b00020}</style>
</head><body>
<h1>Demo identity provider</h1>
<p>Demo only. Users: ${Object.entries(USERS)
  .map(([id, u]) => `<code>${escape(id)}</code> (${escape(u.team)})`)
  .join(', ')}; the password was printed by <code>scripts/start.sh</code>.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>User name<input name="username" autocomplete="username" autofocus required></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></body></html>`;

const readForm = req =>
  new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });

const samePassword = given => {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(password);
  return a.length === b.length && timingSafeEqual(a, b);
};

const send = (res, status, html) => {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(html);
};

const providerCallback = provider.callback();

const server = http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(
    new URL(req.url ?? '/', issuer).pathname,
  );
  if (!match) {
    providerCallback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== match[1]) throw new Error('interaction mismatch');
    if (req.method === 'GET' && !match[2]) {
      send(res, 200, loginPage(details.uid));
      return;
    }
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const username = (form.get('username') ?? '').trim().toLowerCase();
      if (!USERS[username] || !samePassword(form.get('password'))) {
        send(
          res,
          401,
          loginPage(details.uid, 'Unknown user name or wrong password.'),
        );
        return;
      }
      console.log(`demo-idp: ${username} signed in`);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: username } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    send(res, 405, 'Method not allowed');
  } catch (error) {
    send(
      res,
      400,
      `<p>This sign-in attempt expired or is invalid (${escape(
        error.message,
      )}). Start again from the portal.</p>`,
    );
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(
    `demo-idp: OpenID provider ${issuer} (client ${clientId}, users ${Object.keys(
      USERS,
    ).join(', ')})`,
  );
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

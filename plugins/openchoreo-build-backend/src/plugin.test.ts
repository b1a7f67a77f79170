import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { openchoreoBuildPlugin } from './plugin';

describe('openchoreoBuildPlugin', () => {
  async function start() {
    const { server } = await startTestBackend({
      features: [
        openchoreoBuildPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        // Requests without an Authorization header stay anonymous, as in a real backend.
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    return server;
  }

  it('answers the health route for a signed-in user', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/openchoreo-build/health')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses the health route without credentials', async () => {
    const server = await start();
    const res = await request(server).get('/api/openchoreo-build/health');
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
  });
});

import { ConfigReader } from '@backstage/config';
import { readControlPlaneConnection } from './controlPlaneConnection';

const connect = (controlPlane: object) =>
  readControlPlaneConnection(
    new ConfigReader({
      openchoreo: {
        build: {
          controlPlane: { url: 'https://cp.example.test', ...controlPlane },
        },
      },
    }),
  );

describe('readControlPlaneConnection: requestTimeoutMs', () => {
  it('defaults to the backend plugin’s 15 s and takes a whole number of milliseconds', () => {
    expect(connect({}).requestTimeoutMs).toBe(15_000);
    expect(connect({ requestTimeoutMs: 60_000 }).requestTimeoutMs).toBe(60_000);
  });

  it.each([0, 2.5, 2147483648])(
    'refuses %p as the backend plugin does, naming the key',
    requestTimeoutMs => {
      expect(() => connect({ requestTimeoutMs })).toThrow(
        `openchoreo.build.controlPlane.requestTimeoutMs: must be a whole number of milliseconds from 1 to 2147483647, got ${requestTimeoutMs}`,
      );
    },
  );
});

import { ConfigReader } from '@backstage/config';
import { readPluginConfig } from './pluginConfig';

const read = (build: object) =>
  readPluginConfig(new ConfigReader({ openchoreo: { build } }));

describe('readPluginConfig: numbers', () => {
  it('applies the defaults when nothing is set', () => {
    const config = read({});
    expect(config.controlPlane.requestTimeoutMs).toBe(15_000);
    expect(config.logs.pollIntervalMs).toBe(2000);
    expect(config.events.heartbeatMs).toBe(15_000);
    expect(config.runCache.idleSeconds).toBe(300);
    expect(config.limits.logStreams).toEqual({ perUser: 20, total: 2000 });
  });

  it('takes values within range, the ends included', () => {
    const config = read({
      controlPlane: { requestTimeoutMs: 2147483647 },
      logs: { pollIntervalMs: 100 },
      events: { heartbeatSeconds: 1 },
      runCache: { idleSeconds: 2147483 },
      limits: { logStreams: { perUser: 1 } },
    });
    expect(config.controlPlane.requestTimeoutMs).toBe(2147483647);
    expect(config.logs.pollIntervalMs).toBe(100);
    expect(config.events.heartbeatMs).toBe(1000);
    expect(config.runCache.idleSeconds).toBe(2147483);
    expect(config.limits.logStreams.perUser).toBe(1);
  });

  it.each([
    [
      { controlPlane: { requestTimeoutMs: 0 } },
      'openchoreo.build.controlPlane.requestTimeoutMs: must be a whole number of milliseconds from 1 to 2147483647, got 0',
    ],
    [
      { controlPlane: { requestTimeoutMs: 2147483648 } },
      'openchoreo.build.controlPlane.requestTimeoutMs: must be a whole number of milliseconds from 1 to 2147483647, got 2147483648',
    ],
    [
      { logs: { pollIntervalMs: 10 } },
      'openchoreo.build.logs.pollIntervalMs: must be a whole number of milliseconds from 100 to 2147483647, got 10',
    ],
    [
      { events: { heartbeatSeconds: 0.5 } },
      'openchoreo.build.events.heartbeatSeconds: must be a whole number of seconds from 1 to 2147483, got 0.5',
    ],
    [
      { events: { heartbeatSeconds: -15 } },
      'openchoreo.build.events.heartbeatSeconds: must be a whole number of seconds from 1 to 2147483, got -15',
    ],
    [
      { runCache: { idleSeconds: 2147484 } },
      'openchoreo.build.runCache.idleSeconds: must be a whole number of seconds from 1 to 2147483, got 2147484',
    ],
    [
      { limits: { eventStreams: { total: 0 } } },
      'openchoreo.build.limits.eventStreams.total: must be a whole number of at least 1, got 0',
    ],
    [
      { limits: { logPageBytes: 1.5 } },
      'openchoreo.build.limits.logPageBytes: must be a whole number of at least 1, got 1.5',
    ],
  ])('refuses %j, naming the key and the range', (build, message) => {
    expect(() => read(build)).toThrow(message);
  });
});

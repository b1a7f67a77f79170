import { fork, type ChildProcess } from 'node:child_process';
import { backendLaunch } from './backendBuild';

/** A real Backstage backend with the plugin in a child process (bench/backend.ts), and its IPC. */
export interface BackendProcess {
  child: ChildProcess;
  port: number;
  ask<T>(type: string): Promise<T>;
}

const children = new Set<ChildProcess>();

/** Stops every backend process still running (the benchmark's exit path calls it). */
export function killBackends(): void {
  for (const child of children) child.kill('SIGKILL');
}

/**
 * Starts bench/backend.ts (built or transformed on the fly: bench/backendBuild.ts) with `config`
 * as its root config. `env` adds variables (e.g. BENCH_DATASTORES for PostgreSQL and Redis).
 */
export async function backendProcess(
  config: object,
  env: Record<string, string> = {},
): Promise<BackendProcess> {
  const launch = await backendLaunch();
  const child = fork(launch.script, [], {
    execArgv: launch.execArgv,
    env: {
      ...process.env,
      ...launch.env,
      ...env,
      BENCH_CONFIG: JSON.stringify(config),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const ask = <T>(type: string) =>
    new Promise<T>(resolve => {
      const onMessage = (message: { type?: string }) => {
        if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as T);
        }
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    // (@backstage/cli's nodeTransform, when used, also sends `watch` messages over the same channel.)
    const onMessage = (message: { type?: string; port?: number }) => {
      if (message?.type !== 'ready') return;
      child.off('message', onMessage);
      resolve({ child, port: message.port!, ask });
    };
    child.on('message', onMessage);
    child.once('exit', code =>
      reject(new Error(`the backend process exited (${code})`)),
    );
  });
}

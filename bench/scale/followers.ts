import type { BackendProcess } from '../backendProcess';
import { measureFollowers as followRunningStep } from '../followers';
import type { Print } from './lists';
import type { World } from './world';

let runs = 0;

/** `count` followers of one running step of the big organization (see bench/followers.ts). */
export async function measureFollowers(
  label: string,
  api: string,
  world: World,
  print: Print,
  backends: BackendProcess[],
  count: number,
): Promise<void> {
  runs += 1;
  await followRunningStep({
    sandbox: world.sandbox,
    api,
    backends,
    count,
    runName: `react-starter-workflow-5ca1e${String(runs).padStart(3, '0')}`,
    print,
    label,
  });
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '@openchoreo-build/sandbox';
import { benchBackendConfig } from '../backendConfig';
import { OC } from '../stepFixtures';

/** The organization holding 100,000 runs (the seed's own `acme`, plus bulk history). */
export const BIG_ORG = 'acme';
/** Three more organizations of 10,000 runs each, made like the seed's. */
export const OTHER_ORGS = ['scale-1', 'scale-2', 'scale-3'];

export interface World {
  sandbox: Sandbox;
  /** Runs added per organization. */
  seeded: Record<string, number>;
  seedMs: number;
  /** Root config of a bench backend against this sandbox. */
  backendConfig(extra?: Record<string, unknown>): Record<string, unknown>;
  close(): Promise<void>;
}

/**
 * The sandbox at scale: the usual seed, `BIG_ORG` grown to `bigCount` runs and `OTHER_ORGS` with
 * `otherCount` each — finished history straight into the control plane (the sandbox's bulk seeding).
 */
export async function startWorld(
  bigCount: number,
  otherCount: number,
): Promise<World> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-scale-'));
  const sandbox = await startSandbox({
    portBase: 0,
    speed: 'fast',
    stateDir,
    ttlSecondsAfterCompletion: 3600,
    // The sandbox's watch history must hold the benchmark's changes (50 per second).
  });
  const started = performance.now();
  const seeded: Record<string, number> = {};
  const existing = sandbox.controlPlane.list(
    OC,
    'componentworkflowruns',
    BIG_ORG,
  ).length;
  sandbox.seedRunHistory({ organization: BIG_ORG, count: bigCount - existing });
  seeded[BIG_ORG] = bigCount;
  for (const organization of OTHER_ORGS) {
    sandbox.seedOrganization({ organization });
    sandbox.seedRunHistory({ organization, count: otherCount });
    seeded[organization] = otherCount;
  }
  const seedMs = performance.now() - started;

  return {
    sandbox,
    seeded,
    seedMs,
    backendConfig: (extra = {}) =>
      benchBackendConfig(
        sandbox,
        [BIG_ORG, ...OTHER_ORGS],
        {
          // The bench's mock user opens every stream: lift the per-user caps above its clients.
          limits: {
            eventStreams: { perUser: 5000, total: 5000 },
            logStreams: { perUser: 5000, total: 5000 },
          },
          // Runs of components the bench's catalog does not claim are shown too.
          permissions: { unclaimedComponents: 'unconditional' },
        },
        extra,
      ),
    close: async () => {
      await sandbox.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Makes every touch's annotation value new: a patch that writes a value already there is a no-op (no event). */
let touches = 0;

/** Names of up to `limit` runs of `BIG_ORG`, to change during a measurement. */
export function bigOrgRunNames(world: World, limit: number): string[] {
  return world.sandbox.controlPlane
    .list(OC, 'componentworkflowruns', BIG_ORG, { limit })
    .map(r => r.metadata.name!);
}

/**
 * Changes one run of `BIG_ORG` as a build's progress would (a merge patch of an annotation, so
 * one MODIFIED with a new resourceVersion); returns that version.
 */
export function touchRun(world: World, name: string): string {
  touches += 1;
  return world.sandbox.controlPlane.mergePatch(
    OC,
    'componentworkflowruns',
    BIG_ORG,
    name,
    {
      metadata: {
        annotations: { 'bench.openchoreo.dev/touch': String(touches) },
      },
    },
  ).metadata.resourceVersion!;
}

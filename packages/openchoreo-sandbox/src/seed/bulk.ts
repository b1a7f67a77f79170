import { randomUUID } from 'node:crypto';
import { clone, KObject } from '../apiserver/types';
import { hex, isoSeconds, rng } from '../controller/argo/names';
import { readConditions } from '../controller/conditions';
import { SEED_CATALOG, SeedComponent, SeedOrg } from './catalog';
import { DAY, OC, SeedContext } from './context';
import {
  finishHistoryRun,
  historyRunObject,
  renderHistoryRun,
} from './history';
import { seedOrganization } from './organization';

/** An extra v0.9 organization for benchmarks (see {@link seedBenchOrganization}). */
export interface BenchOrganizationOptions {
  /** The organization (its control-plane namespace); must be a DNS label. */
  organization: string;
  /** The project; default `bench`. */
  project?: string;
  /** Component names; default `['bench-service']`. Each builds like `default`'s greeter-service (docker). */
  components?: string[];
}

/** Finished run history for benchmarks (see {@link seedRunHistory}). */
export interface RunHistoryOptions {
  /** A v0.9 organization that exists (seeded, or made with `seedOrganization`). */
  organization: string;
  /** How many finished runs to add. */
  count: number;
  /** Only this project's components (default: every component of the organization). */
  project?: string;
  /** Only this component (default: the runs go round the organization's components). */
  component?: string;
  /** The share of runs that succeeded, the rest failed; default 0.8. */
  succeededRatio?: number;
  /** The runs are created over this many past days, oldest first; default 30. */
  days?: number;
}

export interface RunHistory {
  /** The new runs' names, oldest first. */
  names: string[];
}

/** The store key of ComponentWorkflowRuns. */
const RUN_GR = 'openchoreo.dev/componentworkflowruns';

/** Distinct source commits per component and outcome: each is played through the real controller path once. */
const COMMITS_PER_OUTCOME = 8;

/** The catalogue component bulk organizations are modelled on: `default`'s docker-built greeter. */
const TEMPLATE_COMPONENT: SeedComponent = SEED_CATALOG.find(
  o => o.org === 'default',
)!.components.find(c => c.workflow === 'docker')!;

/**
 * Creates a v0.9 organization the way the seed creates `acme` and `default` (namespaces,
 * ObservabilityPlane, BuildPlane in the v0.9 agent shape, Project, ComponentWorkflows,
 * Components), so the backend lists it like any other. No runs: see {@link seedRunHistory}.
 */
export function seedBenchOrganization(
  ctx: SeedContext,
  options: BenchOrganizationOptions,
): SeedOrg {
  const name = options.organization;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    throw new Error(
      `organization "${name}" is not a DNS label: use lower-case letters, digits and '-'`,
    );
  if (ctx.control.get('v1', 'namespaces', undefined, name))
    throw new Error(
      `organization "${name}" already exists: pick another name or seed runs into it with seedRunHistory`,
    );
  const project = options.project ?? 'bench';
  const org: SeedOrg = {
    org: name,
    generation: 'v0.9',
    project,
    projectTitle: `Benchmark project ${project}`,
    projectDescription: `Benchmark data of organization ${name}`,
    owner: 'app-developers',
    buildPlane: `${name}-build-plane`,
    components: (options.components ?? ['bench-service']).map(c => ({
      ...TEMPLATE_COMPONENT,
      name: c,
      title: `Benchmark component ${c}`,
      description: `Builds like ${TEMPLATE_COMPONENT.name}, with bulk history`,
    })),
  };
  seedOrganization(ctx, org, Date.now());
  return org;
}

/** A Component of the control plane as the seed's catalogue describes it. */
function componentOf(obj: KObject): {
  project: string;
  component: SeedComponent;
} {
  const spec = obj.spec as {
    owner?: { projectName?: string };
    componentType?: string;
    workflow?: {
      name?: string;
      systemParameters?: { repository?: { appPath?: string } };
      parameters?: Record<string, unknown>;
    };
  };
  return {
    project: spec.owner?.projectName ?? '',
    component: {
      name: obj.metadata.name!,
      title: obj.metadata.name!,
      description: '',
      componentType: spec.componentType ?? '',
      workflow: spec.workflow?.name ?? '',
      appPath: spec.workflow?.systemParameters?.repository?.appPath ?? '/',
      parameters: spec.workflow?.parameters ?? {},
    },
  };
}

/** A finished run's object and status, played once through the seed's controller path. */
interface Prototype {
  run: KObject;
  status: Record<string, unknown>;
  /** From creation to the end of its Workflow (the conditions' time). */
  durationMs: number;
  /** Whether `run` is what the API's create answered (see {@link writeRun}). */
  validated: boolean;
}

function prototypes(
  ctx: SeedContext,
  org: SeedOrg,
  component: SeedComponent,
  failing: boolean,
  anchorMs: number,
): Prototype[] {
  const random = rng(`bench/${org.org}/${component.name}/${failing}`);
  const out: Prototype[] = [];
  for (let i = 0; i < COMMITS_PER_OUTCOME; i++) {
    const run = historyRunObject(
      org,
      component,
      failing,
      `${component.name}-prototype`,
      anchorMs,
      hex(random, 40),
    );
    const rendered = renderHistoryRun(ctx, run);
    const { status } = finishHistoryRun(ctx, run, rendered, anchorMs);
    const finished = readConditions(status)[0]?.lastTransitionTime;
    out.push({
      run,
      status,
      durationMs: finished ? Date.parse(finished) - anchorMs : 0,
      validated: false,
    });
  }
  return out;
}

/** The prototype's run renamed and moved to `createdMs`: every condition ends when its Workflow did. */
function stamp(proto: Prototype, name: string, createdMs: number): KObject {
  const at = isoSeconds(createdMs + proto.durationMs);
  const status = clone(proto.status);
  status.conditions = readConditions(status).map(c => ({
    ...c,
    lastTransitionTime: at,
  }));
  (status.runReference as { name: string }).name = name;
  return {
    ...clone(proto.run),
    metadata: {
      ...clone(proto.run.metadata),
      name,
      creationTimestamp: isoSeconds(createdMs),
    },
    status,
  };
}

/**
 * Writes one run. The first copy of each prototype goes through the API's create (defaults,
 * admission, schema validation, pruning) and becomes the prototype's run; later copies differ
 * from it only in name, uid and times, so they are stored directly, without validating each
 * again: what lets 100,000 runs be written in seconds.
 */
function writeRun(
  ctx: SeedContext,
  proto: Prototype,
  name: string,
  createdMs: number,
): void {
  const { control } = ctx;
  if (!proto.validated) {
    const created = control.create(
      stamp(proto, name, createdMs),
      'componentworkflowruns',
    );
    proto.run = created;
    proto.validated = true;
    return;
  }
  const run = stamp(proto, name, createdMs);
  run.metadata.uid = randomUUID();
  delete run.metadata.resourceVersion;
  control.store.putOwned(RUN_GR, run);
}

/**
 * Adds `count` finished ComponentWorkflowRuns (Succeeded or Failed, statuses exactly as the seeded
 * history's) to an organization, spread over past days with distinct creation seconds. For each
 * component and outcome a few runs are played through the seed's own path (render, Workflow
 * timeline, controller status); the bulk are copies of those with their own name and times, so
 * 100,000 take seconds (see {@link writeRun}). Like expired history they have no Argo Workflow,
 * pods or logs.
 */
export function seedRunHistory(
  ctx: SeedContext,
  options: RunHistoryOptions,
): RunHistory {
  const { control } = ctx;
  const { organization, count } = options;
  const succeededRatio = options.succeededRatio ?? 0.8;
  const days = options.days ?? 30;
  if (!Number.isInteger(count) || count < 0)
    throw new Error(`count must be a whole number ≥ 0, got ${count}`);
  if (!(succeededRatio >= 0 && succeededRatio <= 1))
    throw new Error(
      `succeededRatio must be between 0 and 1, got ${succeededRatio}`,
    );
  const spanSeconds = Math.floor((days * DAY) / 1000);
  if (count > spanSeconds)
    throw new Error(
      `${count} runs do not fit ${days} days with distinct creation seconds: raise days`,
    );
  const components = control
    .list(OC, 'components', organization)
    .map(componentOf)
    .filter(
      c =>
        (!options.project || c.project === options.project) &&
        (!options.component || c.component.name === options.component),
    );
  if (!components.length)
    throw new Error(
      `no component${options.component ? ` "${options.component}"` : 's'}${
        options.project ? ` in project "${options.project}"` : ''
      } in organization "${organization}": create it first (seedOrganization)`,
    );
  const nowMs = Date.now();
  const firstMs = nowMs - days * DAY;
  const stepMs = Math.floor(spanSeconds / Math.max(count, 1)) * 1000;
  const plans = components.map(({ project, component }) => {
    const org = { org: organization, project } as SeedOrg;
    return {
      component,
      succeeded: prototypes(ctx, org, component, false, firstMs),
      failed: prototypes(ctx, org, component, true, firstMs),
      random: rng(`bench/${organization}/${component.name}/names`),
    };
  });
  const runs = control.def(OC, 'componentworkflowruns');
  const failures = Math.round(count * (1 - succeededRatio));
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const plan = plans[i % plans.length];
    // Failures spread evenly: run i fails when the running count of failures steps up.
    const failed =
      Math.floor(((i + 1) * failures) / count) >
      Math.floor((i * failures) / count);
    const pool = failed ? plan.failed : plan.succeeded;
    let name: string;
    do {
      name = `${plan.component.name}-workflow-${hex(plan.random, 8)}`;
    } while (control.core.exists(runs, organization, name));
    writeRun(ctx, pool[i % pool.length], name, firstMs + i * stepMs);
    names.push(name);
  }
  return { names };
}

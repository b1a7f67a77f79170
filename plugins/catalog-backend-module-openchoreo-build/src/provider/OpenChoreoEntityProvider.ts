import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { KubernetesStatus } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { CatalogProviderConfig } from '../config/catalogConfig';
import {
  describeFailure,
  type ControlPlaneReader,
  type OpenChoreoPlural,
  type WatchEvent,
  type WatchHandle,
} from '../controlPlane/ControlPlaneReader';
import {
  generationOfOrganization,
  type ComponentObject,
  type OrganizationGenerations,
  type ProjectObject,
} from '../controlPlane/objects';
import { buildEntities } from '../mapping/entities';

const PLURALS: readonly OpenChoreoPlural[] = ['projects', 'components'];
type AnyObject = ProjectObject | ComponentObject;

/** Delay before the n-th consecutive re-watch after a failure: 1 s doubling to 30 s. */
export function defaultRewatchDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 30_000);
}

export interface OpenChoreoEntityProviderOptions {
  reader: ControlPlaneReader;
  config: CatalogProviderConfig;
  logger: LoggerService;
  /** Runs the full refresh (`coreServices.scheduler`, `openchoreo.build.catalog.schedule`). */
  taskRunner: SchedulerServiceTaskRunner;
  rewatchDelayMs?: (attempt: number) => number;
}

function keyOf(object: AnyObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function isStatus(object: unknown): object is KubernetesStatus {
  return (
    typeof object === 'object' &&
    object !== null &&
    (object as { kind?: unknown }).kind === 'Status'
  );
}

/**
 * The catalog's view of one OpenChoreo control plane: a full mutation from a list of every Project
 * and Component at start and on the schedule, and delta mutations from a watch of both in between.
 * While the control plane is down the catalog keeps the last entities (no empty full mutation) and
 * the reason is logged once per failure streak.
 */
export class OpenChoreoEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** The control plane's objects as last listed and watched, by `namespace/name`. */
  private readonly objects: {
    projects: Map<string, ProjectObject>;
    components: Map<string, ComponentObject>;
  } = { projects: new Map(), components: new Map() };
  private readonly resourceVersions = new Map<OpenChoreoPlural, string>();
  private readonly watches = new Map<OpenChoreoPlural, WatchHandle>();
  private readonly rewatchTimers = new Set<NodeJS.Timeout>();
  private readonly rewatchAttempts = new Map<OpenChoreoPlural, number>();
  /** Entity ref → JSON of what the catalog last got from this provider. */
  private applied = new Map<string, string>();
  /** Read at each full refresh; an organization created in between is v1 in a mixed plane until then. */
  private generations: OrganizationGenerations | undefined;
  private loggedWarnings = new Set<string>();
  private failing = false;
  private stopped = false;
  /** Mutations and the state they are computed from change one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly location: string;

  constructor(private readonly options: OpenChoreoEntityProviderOptions) {
    this.location = `openchoreo-build:${options.reader.connection.url}`;
  }

  getProviderName(): string {
    return 'OpenChoreoBuildEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Stops the watches and pending re-watches (shutdown). */
  stop(): void {
    this.stopped = true;
    for (const handle of this.watches.values()) handle.stop();
    this.watches.clear();
    for (const timer of this.rewatchTimers) clearTimeout(timer);
    this.rewatchTimers.clear();
  }

  /**
   * Lists every Project and Component, applies them as a full mutation and (re)starts the watches
   * from the list. A failed list changes nothing in the catalog.
   */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    let listed;
    try {
      const [generations, projects, components] = await Promise.all([
        this.options.reader.detectGenerations(),
        this.options.reader.listAll<ProjectObject>('projects'),
        this.options.reader.listAll<ComponentObject>('components'),
      ]);
      listed = { generations, projects, components };
    } catch (error) {
      this.reportFailure(
        `listing Projects and Components failed: ${describeFailure(error)}`,
      );
      return;
    }
    await this.enqueue(async () => {
      if (this.stopped) return;
      this.generations = listed.generations;
      for (const [plural, list] of [
        ['projects', listed.projects],
        ['components', listed.components],
      ] as const) {
        this.watches.get(plural)?.stop();
        this.watches.delete(plural);
        const objects: Map<string, AnyObject> = this.objects[plural];
        objects.clear();
        for (const object of list.items) objects.set(keyOf(object), object);
        if (list.resourceVersion)
          this.resourceVersions.set(plural, list.resourceVersion);
        else this.resourceVersions.delete(plural);
      }
      const entities = this.entities();
      await this.connection!.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: this.location,
        })),
      });
      this.applied = new Map(
        entities.map(e => [stringifyEntityRef(e), JSON.stringify(e)]),
      );
      this.reportRecovery();
      for (const plural of PLURALS) void this.startWatch(plural);
    });
  }

  private entities(): Entity[] {
    const { entities, warnings } = buildEntities({
      projects: [...this.objects.projects.values()],
      components: [...this.objects.components.values()],
      generationOf: namespace =>
        generationOfOrganization(this.generations, namespace),
      owners: this.options.config,
      lifecycle: this.options.config.lifecycle,
      location: this.location,
    });
    // Each problem is logged when it appears, not on every refresh while it lasts.
    for (const warning of warnings) {
      if (!this.loggedWarnings.has(warning)) this.options.logger.warn(warning);
    }
    this.loggedWarnings = new Set(warnings);
    return entities;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch(error => {
      this.options.logger.error(
        `Applying OpenChoreo entities to the catalog failed: ${describeFailure(
          error,
        )}`,
      );
    });
    this.queue = run;
    return run;
  }

  private async startWatch(plural: OpenChoreoPlural): Promise<void> {
    if (this.stopped || this.watches.has(plural)) return;
    let handle: WatchHandle | undefined;
    const onClose = (error?: unknown) => {
      if (this.watches.get(plural) === handle) this.watches.delete(plural);
      if (this.stopped) return;
      if (error) {
        this.reportFailure(
          `watching ${plural} failed: ${describeFailure(error)}`,
        );
        this.rewatchLater(plural);
      } else {
        // The server ends watches after a while; carry on from the last resourceVersion.
        void this.startWatch(plural);
      }
    };
    try {
      handle = await this.options.reader.watch<AnyObject>(
        plural,
        this.resourceVersions.get(plural),
        event => void this.enqueue(() => this.onEvent(plural, event)),
        onClose,
      );
    } catch (error) {
      onClose(error);
      return;
    }
    if (this.stopped) handle.stop();
    else if (!this.watches.has(plural)) this.watches.set(plural, handle);
    else handle.stop();
  }

  private rewatchLater(plural: OpenChoreoPlural): void {
    const attempt = this.rewatchAttempts.get(plural) ?? 0;
    this.rewatchAttempts.set(plural, attempt + 1);
    const delay = (this.options.rewatchDelayMs ?? defaultRewatchDelayMs)(
      attempt,
    );
    const timer = setTimeout(() => {
      this.rewatchTimers.delete(timer);
      void this.startWatch(plural);
    }, delay);
    this.rewatchTimers.add(timer);
  }

  private async onEvent(
    plural: OpenChoreoPlural,
    event: WatchEvent<AnyObject>,
  ): Promise<void> {
    if (this.stopped) return;
    if (event.type === 'ERROR' || isStatus(event.object)) {
      const status = event.object as KubernetesStatus;
      this.watches.get(plural)?.stop();
      this.watches.delete(plural);
      if (status.code === 410) {
        // The resourceVersion is too old to watch from: list again (a full mutation).
        this.resourceVersions.delete(plural);
        void this.refresh();
      } else {
        this.reportFailure(
          `watching ${plural} failed: ${describeFailure(
            Object.assign(new Error(status.message ?? 'watch error'), {
              statusCode: status.code,
            }),
          )}`,
        );
        this.rewatchLater(plural);
      }
      return;
    }
    const object = event.object as AnyObject;
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion) this.resourceVersions.set(plural, resourceVersion);
    this.rewatchAttempts.delete(plural);
    this.reportRecovery();
    if (event.type === 'BOOKMARK') return;
    const objects: Map<string, AnyObject> = this.objects[plural];
    if (event.type === 'DELETED') objects.delete(keyOf(object));
    else objects.set(keyOf(object), object);
    await this.applyDelta();
  }

  /** Sends the catalog what changed since the last mutation (nothing when nothing did). */
  private async applyDelta(): Promise<void> {
    const entities = this.entities();
    const next = new Map(
      entities.map(e => [stringifyEntityRef(e), JSON.stringify(e)]),
    );
    const added = entities.filter(e => {
      const ref = stringifyEntityRef(e);
      return this.applied.get(ref) !== next.get(ref);
    });
    const removed = [...this.applied.keys()].filter(ref => !next.has(ref));
    if (added.length === 0 && removed.length === 0) return;
    await this.connection!.applyMutation({
      type: 'delta',
      added: added.map(entity => ({ entity, locationKey: this.location })),
      removed: removed.map(entityRef => ({
        entityRef,
        locationKey: this.location,
      })),
    });
    this.applied = next;
  }

  private reportFailure(reason: string): void {
    if (this.failing) return;
    this.failing = true;
    this.options.logger.warn(
      `OpenChoreo control plane ${this.options.reader.connection.url}: ${reason}; the catalog keeps the last entities until it answers again`,
    );
  }

  private reportRecovery(): void {
    if (!this.failing) return;
    this.failing = false;
    this.options.logger.info(
      `OpenChoreo control plane ${this.options.reader.connection.url} answers again`,
    );
  }
}

import type {
  AuthService,
  DatabaseService,
  LifecycleService,
  LoggerService,
  RootConfigService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { RunInformerObserver } from '../informer/informerSupport';
import type { RunInformerSubscriber } from '../informer/RunEventLog';
import type { RunInformer } from '../informer/RunInformer';
import type { ComponentEntityIndex } from '../permissions/ComponentEntityIndex';
import { CLAIM_RETENTION_DAYS, RunEndClaims } from './RunEndClaims';
import { RunEndDetector } from './RunEndDetector';
import { RunEndNotifier } from './RunEndNotifier';
import { CatalogRunOwners } from './runEndRecipients';
import { RUN_CACHE_IDLE_KEY } from '../config/pluginConfig';

/** The config key that turns build-end notifications on or off. */
export const NOTIFICATIONS_ENABLED_KEY =
  'openchoreo.build.notifications.enabled';

/** The plugin id of `@backstage/plugin-notifications-backend`. */
const NOTIFICATIONS_PLUGIN_ID = 'notifications';

export interface RunEndNotificationsOptions {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  instanceMetadata: RootInstanceMetadataService;
  notifications: NotificationService;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  /** The catalog entity claiming each component (shared with the permission checks). */
  entities: Pick<ComponentEntityIndex, 'entityRefOf'>;
}

/**
 * Whether to notify of run ends: `openchoreo.build.notifications.enabled` when set; otherwise
 * when this backend runs the notifications backend. Set it to true when the notifications backend
 * runs in another backend instance (discovery reaches it there).
 */
export async function notificationsEnabled(
  config: RootConfigService,
  instanceMetadata: RootInstanceMetadataService,
): Promise<boolean> {
  let enabled: boolean | undefined;
  try {
    enabled = config.getOptionalBoolean(NOTIFICATIONS_ENABLED_KEY);
  } catch (error) {
    throw new InputError(
      `${NOTIFICATIONS_ENABLED_KEY} must be true or false, or left out to notify when this backend runs the notifications backend (${
        isError(error) ? error.message : String(error)
      })`,
    );
  }
  if (enabled !== undefined) return enabled;
  const plugins = await instanceMetadata.getInstalledPlugins();
  return plugins.some(plugin => plugin.pluginId === NOTIFICATIONS_PLUGIN_ID);
}

/** A subscriber that only keeps an informer from stopping: the detector gets the changes. */
const KEEP_WATCHING: RunInformerSubscriber = {
  onEvent() {},
  onReset() {},
};

/**
 * Backstage notifications when a build ends (issue #19 item 6): the run informers report every
 * change to a {@link RunEndDetector}, a run end seen live goes to the {@link RunEndNotifier}, and
 * the database's claims make exactly one replica send it. The informers of the configured
 * organizations are kept watching (one list + watch each, as an open Builds page has), since an
 * idle informer would not see a run end.
 */
export class RunEndNotifications {
  private readonly unsubscribes: Array<() => void> = [];

  /** Build-end notifications, or undefined when they are disabled (see `notificationsEnabled`). */
  static async create(
    options: RunEndNotificationsOptions,
  ): Promise<RunEndNotifications | undefined> {
    const { config, instanceMetadata, logger } = options;
    if (!(await notificationsEnabled(config, instanceMetadata))) {
      logger.info(
        `openchoreo-build: build-end notifications are off (no notifications backend in this backend, or ${NOTIFICATIONS_ENABLED_KEY}: false)`,
      );
      return undefined;
    }
    if (config.has(RUN_CACHE_IDLE_KEY)) {
      // watch() subscribes to every configured organization for the backend's lifetime.
      logger.warn(
        `openchoreo-build: ${RUN_CACHE_IDLE_KEY} has no effect while build-end notifications are on: they keep every organization's run watch open`,
      );
    }
    const claims = await RunEndClaims.create({ database: options.database });
    await options.scheduler.scheduleTask({
      id: 'openchoreo-build-notified-run-end-prune',
      frequency: { hours: 24 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 5 },
      fn: async () => {
        await claims.prune(
          new Date(Date.now() - CLAIM_RETENTION_DAYS * 24 * 3600_000),
        );
      },
    });
    const notifier = new RunEndNotifier({
      claims,
      owners: new CatalogRunOwners(options),
      notifications: options.notifications,
      logger,
    });
    return new RunEndNotifications(notifier, options.lifecycle);
  }

  private readonly detector: RunEndDetector;

  private constructor(
    /** Exposed for tests: `notifier.settled()` awaits the notifications in flight. */
    readonly notifier: RunEndNotifier,
    private readonly lifecycle: LifecycleService,
  ) {
    this.detector = new RunEndDetector(run => notifier.notify(run));
  }

  /** An informer observer that tells `next` and then this detector of every change. */
  observe(next: RunInformerObserver): RunInformerObserver {
    const detector = this.detector;
    return {
      onRunChanged(run, extra) {
        next.onRunChanged(run, extra);
        detector.onRunChanged(run);
      },
      onRunRemoved(run, options) {
        next.onRunRemoved(run, options);
        detector.onRunRemoved(run);
      },
      onRunsListed(scope, runs) {
        next.onRunsListed(scope, runs);
        detector.onRunsListed();
      },
    };
  }

  /**
   * Keeps the informers of `namespaces` watching from the backend's start to its shutdown, which
   * then waits for the notifications in flight.
   */
  watch(
    informers: { informer(namespace: string): Pick<RunInformer, 'subscribe'> },
    namespaces: readonly string[],
  ): void {
    this.lifecycle.addStartupHook(() => {
      for (const namespace of namespaces)
        this.unsubscribes.push(
          informers.informer(namespace).subscribe(KEEP_WATCHING),
        );
    });
    this.lifecycle.addShutdownHook(async () => {
      for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
      await this.notifier.settled();
    });
  }
}

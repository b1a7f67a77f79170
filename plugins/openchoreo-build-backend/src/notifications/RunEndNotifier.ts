import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { RunSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunEndClaims } from './RunEndClaims';
import { runEndPayload } from './runEndPayload';
import { runEndRecipients, type RunOwnerLookup } from './runEndRecipients';

export interface RunEndNotifierOptions {
  claims: Pick<RunEndClaims, 'claim'>;
  owners: RunOwnerLookup;
  notifications: NotificationService;
  logger: LoggerService;
}

/**
 * Sends the notification of a run end: claims the end first (so of all replicas that saw it only
 * one goes on), then sends one notification to the run's starter and its component's owner. Runs
 * in the background of the informer that reported the end; a failure is logged, never thrown.
 */
export class RunEndNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: RunEndNotifierOptions) {}

  /** Starts notifying of the end of `run` (returns at once; see `settled`). */
  notify(run: RunSummary): void {
    const sending: Promise<void> = this.send(run)
      .catch(error => {
        this.options.logger.warn(
          `openchoreo-build: could not send the notification that run ${
            run.namespace
          }/${run.name} ended ${run.status}: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves once every notification started so far is sent or given up (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async send(run: RunSummary): Promise<void> {
    const { claims, owners, notifications, logger } = this.options;
    if (!(await claims.claim(run))) return;
    let owner: string | undefined;
    try {
      owner = await owners.ownerOf(run);
    } catch (error) {
      // The starter still hears of it.
      logger.warn(
        `openchoreo-build: could not look up the owner of ${run.namespace}/${
          run.project ?? ''
        }/${run.component ?? ''} in the catalog: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
    const recipients = runEndRecipients(run, owner);
    if (recipients.length === 0) {
      logger.debug(
        `openchoreo-build: run ${run.namespace}/${run.name} ended ${run.status}; nobody to notify (no starting user, no owned catalog entity)`,
      );
      return;
    }
    await notifications.send({
      recipients: { type: 'entity', entityRef: recipients },
      payload: runEndPayload(run),
    });
  }
}

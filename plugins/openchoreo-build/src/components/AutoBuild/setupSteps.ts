import type {
  AutoBuildResponse,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildTranslate } from '../../translation';

/** The providers' own names, as their sites spell them (not translated). */
export const PROVIDER_LABELS: Record<WebhookProvider, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
};

/**
 * Step-by-step webhook setup for one provider, as plain text lines (shown, and copied as numbered
 * lines), in the user's language (`t`, texts under `autoBuildSetup`).
 */
export function setupSteps(
  t: OpenChoreoBuildTranslate,
  provider: WebhookProvider,
  info: Pick<AutoBuildResponse, 'webhookUrls' | 'repository'>,
): string[] {
  const url = info.webhookUrls[provider];
  const repository = info.repository?.url ?? t('autoBuildSetup.yourRepository');
  const secretLocation = t('autoBuildSetup.secretLocation');
  switch (provider) {
    case 'github':
      return [
        t('autoBuildSetup.github.open', { repository }),
        t('autoBuildSetup.github.url', { url }),
        t('autoBuildSetup.github.contentType'),
        t('autoBuildSetup.github.secret', { secretLocation }),
        t('autoBuildSetup.github.events'),
        t('autoBuildSetup.github.check'),
      ];
    case 'gitlab':
      return [
        t('autoBuildSetup.gitlab.open', { repository }),
        t('autoBuildSetup.gitlab.url', { url }),
        t('autoBuildSetup.gitlab.secret', { secretLocation }),
        t('autoBuildSetup.gitlab.trigger'),
        t('autoBuildSetup.gitlab.check'),
      ];
    case 'bitbucket':
      return [
        t('autoBuildSetup.bitbucket.open', { repository }),
        t('autoBuildSetup.bitbucket.url', { url }),
        t('autoBuildSetup.bitbucket.secret', { secretLocation }),
        t('autoBuildSetup.bitbucket.triggers'),
        t('autoBuildSetup.bitbucket.check'),
      ];
    default:
      return [];
  }
}

/** The setup steps as copied: one numbered line each. */
export function copiedSetupSteps(
  t: OpenChoreoBuildTranslate,
  steps: string[],
): string {
  return steps
    .map((step, i) =>
      t('autoBuildSetup.copiedStep', { number: String(i + 1), step }),
    )
    .join('\n');
}

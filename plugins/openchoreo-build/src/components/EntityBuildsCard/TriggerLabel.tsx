import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { RunTrigger } from '@openchoreo-build/plugin-openchoreo-build-common';
import Tooltip from '@mui/material/Tooltip';
import { openchoreoBuildTranslationRef } from '../../translation';

/** Who or what started a run: "by <user>" (linked to the user's catalog entity) or "webhook (github)". */
export const TriggerLabel = ({ trigger }: { trigger: RunTrigger }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (trigger.kind === 'user') {
    return t('entityBuildsCard.latest.byUser', {
      user: (
        <EntityRefLink
          entityRef={trigger.userEntityRef}
          defaultKind="user"
          hideIcon
        />
      ),
    });
  }
  const label = t('entityBuildsCard.latest.byWebhook', {
    provider: trigger.provider,
  });
  // The delivery id is what the Git host's webhook log shows: say it for matching the two up.
  return trigger.deliveryId ? (
    <Tooltip
      title={t('entityBuildsCard.latest.webhookDelivery', {
        deliveryId: trigger.deliveryId,
      })}
      describeChild
    >
      <span>{label}</span>
    </Tooltip>
  ) : (
    <>{label}</>
  );
};

import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { RunTrigger } from '@openchoreo-build/plugin-openchoreo-build-common';
import { openchoreoBuildTranslationRef } from '../../translation';
import { PROVIDER_LABELS } from '../AutoBuild/setupSteps';
import { TruncatedText } from '../common/TruncatedText';

/** The user's name in a ref (`guest` of `user:development/guest`); undefined when it is not a ref. */
function userName(userEntityRef: string): string | undefined {
  try {
    return parseEntityRef(userEntityRef, { defaultKind: 'user' }).name;
  } catch {
    return undefined;
  }
}

/**
 * Who or what started a run: the user (linked to their catalog entity), "GitHub webhook" (the
 * delivery id, which the Git host's webhook log shows, in the tooltip), or "—" when nobody
 * recorded it.
 */
export const TriggeredBy = ({ trigger }: { trigger?: RunTrigger }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (!trigger) {
    return (
      <TruncatedText title={t('runsList.trigger.unknownHint')}>
        {t('runsList.trigger.unknown')}
      </TruncatedText>
    );
  }
  if (trigger.kind === 'user') {
    const name = userName(trigger.userEntityRef);
    return (
      <TruncatedText title={trigger.userEntityRef}>
        {name ? (
          <EntityRefLink
            entityRef={trigger.userEntityRef}
            defaultKind="user"
            hideIcon
            disableTooltip
          >
            {name}
          </EntityRefLink>
        ) : (
          trigger.userEntityRef
        )}
      </TruncatedText>
    );
  }
  const label = t('runsList.trigger.webhook', {
    provider: PROVIDER_LABELS[trigger.provider] ?? trigger.provider,
  });
  return (
    <TruncatedText
      title={
        trigger.deliveryId
          ? t('runsList.trigger.webhookDelivery', {
              deliveryId: trigger.deliveryId,
            })
          : label
      }
    >
      {label}
    </TruncatedText>
  );
};

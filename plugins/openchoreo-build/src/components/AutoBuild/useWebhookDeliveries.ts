import { useApi } from '@backstage/core-plugin-api';
import {
  WEBHOOK_DELIVERIES_LIMIT,
  type OpenChoreoComponentRef,
  type WebhookDeliveriesResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { openChoreoBuildApiRef } from '../../api';
import { useRefreshable, type AsyncState } from '../../hooks/useRefreshable';

/** A component's recent webhook deliveries, newest first (the backend's delivery log). */
export function useWebhookDeliveries(
  target: OpenChoreoComponentRef,
  limit: number = WEBHOOK_DELIVERIES_LIMIT.default,
): AsyncState<WebhookDeliveriesResponse> {
  const api = useApi(openChoreoBuildApiRef);
  const { namespace, project, component } = target;
  const { value, loading, error, retry } = useRefreshable(
    () =>
      api.listWebhookDeliveries({ namespace, project, component }, { limit }),
    [api, namespace, project, component, limit],
  );
  return { value, loading, error, retry };
}

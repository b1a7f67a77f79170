import type { WebhookComponentOutcome } from '@openchoreo-build/plugin-openchoreo-build-common';

/** The colour of the chip saying what a delivery did for the component (its text is translated). */
export const COMPONENT_OUTCOME_COLORS: Record<
  WebhookComponentOutcome,
  'success' | 'default' | 'error'
> = {
  created: 'success',
  duplicate: 'default',
  failed: 'error',
};

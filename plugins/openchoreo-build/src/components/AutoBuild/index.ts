export { AutoBuildCard, type AutoBuildCardProps } from './AutoBuildCard';
export { useAutoBuild, type AutoBuildState } from './useAutoBuild';
export { setupSteps, PROVIDER_LABELS } from './setupSteps';
export {
  RecentDeliveries,
  type RecentDeliveriesProps,
} from './RecentDeliveries';
export { useWebhookDeliveries } from './useWebhookDeliveries';

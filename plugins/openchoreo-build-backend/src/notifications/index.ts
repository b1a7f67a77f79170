export {
  NOTIFICATIONS_ENABLED_KEY,
  notificationsEnabled,
  RunEndNotifications,
  type RunEndNotificationsOptions,
} from './RunEndNotifications';

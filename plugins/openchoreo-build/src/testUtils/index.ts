/**
 * Test utilities of the OpenChoreo Build frontend plugin, for apps and plugins that build on it.
 *
 * @packageDocumentation
 */

export {
  MockOpenChoreoBuildApi,
  type MockRunEventSubscription,
} from './MockOpenChoreoBuildApi';
export {
  autoBuildState,
  componentDetail,
  dockerWorkflow,
  runDetail,
  runSummary,
} from './fixtures';
export type {
  OpenChoreoBuildApi,
  LogStreamState,
  RunEventHandlers,
  RunEventStreamState,
  RunListQuery,
  StepLogHandlers,
  StepLogRef,
  StepLogStreamError,
  Subscription,
} from '../api';

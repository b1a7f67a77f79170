export { StepLogs, type StepLogsProps } from './StepLogs';

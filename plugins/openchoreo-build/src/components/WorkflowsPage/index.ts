export { WorkflowsTab } from './WorkflowsPage';

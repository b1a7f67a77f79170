export { RunStatus, StepPhase } from './RunStatus';

import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type {
  RunStatus as Status,
  RunStepPhase,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/** A run's summary status with Backstage's status icon. */
export const RunStatus = ({ status }: { status: Status }) => {
  switch (status) {
    case 'Succeeded':
    case 'Completed':
      return <StatusOK>{status}</StatusOK>;
    case 'Failed':
      return <StatusError>{status}</StatusError>;
    case 'Running':
      return <StatusRunning>{status}</StatusRunning>;
    default:
      return <StatusPending>{status}</StatusPending>;
  }
};

/** A step's phase with Backstage's status icon. */
export const StepPhase = ({ phase }: { phase: RunStepPhase | string }) => {
  switch (phase) {
    case 'Succeeded':
      return <StatusOK>{phase}</StatusOK>;
    case 'Failed':
    case 'Error':
      return <StatusError>{phase}</StatusError>;
    case 'Running':
      return <StatusRunning>{phase}</StatusRunning>;
    case 'Skipped':
    case 'Omitted':
      return <StatusAborted>{phase}</StatusAborted>;
    default:
      return <StatusPending>{phase}</StatusPending>;
  }
};

import Box from '@mui/material/Box';
import { LogViewer } from '../LogViewer';

/** Props of {@link StepLogs}: the contract the run page relies on. */
export interface StepLogsProps {
  /** Organization (namespace) of the run. */
  namespace: string;
  /** Name of the ComponentWorkflowRun. */
  runName: string;
  /** Step name as listed in the run's steps (e.g. `build-step`). */
  step: string;
  /** 1-based line to scroll to and select once it has arrived (from the URL's `line`). */
  lineAnchor?: number;
  /** Called with the 1-based line the user selected, to keep it in the URL. */
  onLineAnchorChange?(line: number | undefined): void;
}

/**
 * The log of one step on the run page: the streamed, virtualized {@link LogViewer} (live, polling
 * or archive, whichever the backend has), opened at the line the URL names.
 */
export const StepLogs = (props: StepLogsProps) => {
  const { namespace, runName, step, lineAnchor, onLineAnchorChange } = props;
  return (
    <Box data-testid="step-logs">
      <LogViewer
        namespace={namespace}
        runName={runName}
        step={step}
        initialLine={lineAnchor}
        onLineLinkChange={onLineAnchorChange}
        height={520}
      />
    </Box>
  );
};

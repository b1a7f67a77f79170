import { LogViewerView } from './LogViewerView';
import { useStepLogStream } from './useStepLogStream';

/** Props of {@link LogViewer}. @public */
export interface LogViewerProps {
  /** Organization (namespace) of the run. */
  namespace: string;
  /** Name of the ComponentWorkflowRun. */
  runName: string;
  /** Step name (e.g. `build-step`) or step id. */
  step: string;
  /** 1-based line to select and scroll to once it has arrived (from `#L123` / `?line=123`). */
  initialLine?: number;
  /** Called with the 1-based line the user selected, to keep it in the URL. */
  onLineLinkChange?(line: number | undefined): void;
  /** Height of the log area (default 600 px). */
  height?: number | string;
}

/**
 * Live log of one build step: streamed (live / polling / archive, whichever the backend has),
 * virtualized for huge logs, with ANSI colours, search, line links, copy and download.
 *
 * @public
 */
export function LogViewer(props: LogViewerProps) {
  const { namespace, runName, step } = props;
  const stream = useStepLogStream(namespace, runName, step);
  return (
    <LogViewerView
      // A new step is a new viewer (selection, search and follow state start over).
      key={`${namespace}/${runName}/${step}`}
      store={stream.store}
      version={stream.version}
      source={stream.source}
      state={stream.state}
      waiting={stream.waiting}
      error={stream.error}
      initialLine={props.initialLine}
      onLineLinkChange={props.onLineLinkChange}
      onDownload={stream.download}
      height={props.height}
    />
  );
}

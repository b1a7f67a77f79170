import type { LineRange } from './lineRange';
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
  /**
   * 1-based lines to select, scrolling to the first once it has arrived: `?line=10-20` read with
   * `parseLineRange` (which also reads `?line=10`). Wins over `initialLine`.
   */
  initialRange?: LineRange;
  /** Called with the first 1-based line the user selected (one-line links). */
  onLineLinkChange?(line: number | undefined): void;
  /**
   * Called with the 1-based lines the user selected (a line number; Shift+click or Shift+Enter
   * on another extends to a range): `formatLineRange` makes the URL's `line` value.
   */
  onRangeLinkChange?(range: LineRange | undefined): void;
  /** Height of the log area (default 600 px). */
  height?: number | string;
}

/**
 * Live log of one build step: streamed (live / polling / archive, whichever the backend has),
 * virtualized for huge logs, with ANSI colours (carried across lines), search, jump to the first
 * error, line and range links, copy, download and full screen.
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
      initialRange={props.initialRange}
      onLineLinkChange={props.onLineLinkChange}
      onRangeLinkChange={props.onRangeLinkChange}
      onDownload={stream.download}
      height={props.height}
    />
  );
}

export { LogViewer, type LogViewerProps } from './LogViewer';
export {
  LogViewerView,
  SOURCE_LABELS,
  type LogViewerViewProps,
} from './LogViewerView';
export {
  LogLinesView,
  ROW_HEIGHT,
  type LogLinesViewProps,
  type LogLinesViewHandle,
} from './LogLinesView';
export { useStepLogStream, type StepLogStreamState } from './useStepLogStream';
export { LogStore, type SearchResult } from './logStore';
export {
  parseAnsi,
  stripAnsi,
  ansi256,
  styleToCss,
  type AnsiSegment,
  type AnsiStyle,
} from './ansi';

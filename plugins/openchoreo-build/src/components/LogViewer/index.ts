export { LogViewer, type LogViewerProps } from './LogViewer';
export { LogViewerView, type LogViewerViewProps } from './LogViewerView';
export { parseLineRange, formatLineRange, type LineRange } from './lineRange';
export { looksLikeError } from './errorLine';
export {
  LogLinesView,
  ROW_HEIGHT,
  type LogLinesViewProps,
  type LogLinesViewHandle,
} from './LogLinesView';
export { useStepLogStream, type StepLogStreamState } from './useStepLogStream';
export { LogStore, type SearchResult, type LineRule } from './logStore';
export {
  parseAnsi,
  stripAnsi,
  ansi256,
  styleToCss,
  type AnsiSegment,
  type AnsiStyle,
} from './ansi';

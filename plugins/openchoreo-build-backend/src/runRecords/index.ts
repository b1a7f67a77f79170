export {
  DEFAULT_RECORD_RETENTION_DAYS,
  MAX_LIST_LIMIT,
  MIGRATIONS_DIRECTORY,
  RunRecordStore,
  type ListDeletedQuery,
  type RunDeletionMark,
  type RunRecord,
  type RunRecordInput,
  type RunRef,
} from './RunRecordStore';
export {
  DEFAULT_FLUSH_DELAY_MS,
  RunRecorder,
  type RunListScope,
  type RunRecorderOptions,
  type RunRecordWriter,
} from './RunRecorder';
export { deletionReason, parseTtlAfterCompletion } from './deletionReason';

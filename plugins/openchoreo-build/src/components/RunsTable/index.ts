export { RunsTable, type RunsTableProps } from './RunsTable';
export { Pager } from './Pager';
export { LiveIndicator } from './LiveIndicator';
export { RunListToolbar } from './RunListToolbar';
export { RunFilters } from './RunFilters';
export { StatusFilter } from './StatusFilter';
export { SelectFilter } from './SelectFilter';
export { MineFilter, TextFilter, TriggerFilter } from './RunFilterFields';
export { PagedRuns, type PagedRunsProps } from './PagedRuns';
export { RunListOf } from './RunListOf';
export { useRunListFilter, type RunListFilterState } from './useRunListFilter';
export {
  activeRunFilterCount,
  ALL_RUN_FILTER_FIELDS,
  NO_RUN_FILTERS,
  offeredRunFilterValues,
  runFilterValuesFromSearch,
  statusesFromParams,
  withRunFilterValues,
  type RunFilterField,
  type RunFilterValues,
  type TextFilterKey,
} from './runFilterParams';

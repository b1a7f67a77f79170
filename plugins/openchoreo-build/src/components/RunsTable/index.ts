export { RunsTable, type RunsTableProps } from './RunsTable';
export { Pager } from './Pager';
export { LiveIndicator } from './LiveIndicator';
export { StatusFilter } from './StatusFilter';
export { PagedRuns, type PagedRunsProps } from './PagedRuns';

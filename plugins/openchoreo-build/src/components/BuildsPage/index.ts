export { BuildsPage } from './BuildsPage';
export { RunsTab, AllBuilds, BUILDS_PAGE_SIZE } from './RunsTab';

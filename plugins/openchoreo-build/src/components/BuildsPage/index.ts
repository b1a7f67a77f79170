export { BuildsPage } from './BuildsPage';

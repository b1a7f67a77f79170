export { RunRoutes, runPath } from './RunRoutes';

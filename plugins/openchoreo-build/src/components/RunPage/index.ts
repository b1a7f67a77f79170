export { RunPage, type RunPageProps } from './RunPage';

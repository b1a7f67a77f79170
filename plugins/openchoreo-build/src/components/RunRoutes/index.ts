export {
  RunRoutes,
  useRunLink,
  type RunLink,
  type RunRoutesProps,
} from './RunRoutes';

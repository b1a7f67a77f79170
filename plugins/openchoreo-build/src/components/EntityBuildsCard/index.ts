export { EntityBuildsCard } from './EntityBuildsCard';

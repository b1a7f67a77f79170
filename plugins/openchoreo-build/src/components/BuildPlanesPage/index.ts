export { BuildPlanesTab } from './BuildPlanesPage';

export { BuildPlanesPage } from './BuildPlanesPage';

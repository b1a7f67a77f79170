export { ComponentBuilds, statusesFromParam } from './ComponentBuilds';

export { ComponentBuilds } from './ComponentBuilds';

/**
 * Backend plugin for OpenChoreo's build plane.
 *
 * @packageDocumentation
 */

export { openchoreoBuildPlugin as default } from './plugin';

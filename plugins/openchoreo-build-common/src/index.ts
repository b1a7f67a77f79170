/**
 * Shared types, permissions, annotation names and status derivation of the OpenChoreo Build plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';

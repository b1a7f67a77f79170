/**
 * Catalog backend module: OpenChoreo organizations, Projects and Components as catalog Domains,
 * Systems and Components, with the annotations the OpenChoreo Build plugin's Builds tab reads.
 *
 * @packageDocumentation
 */

export { catalogModuleOpenChoreoBuild as default } from './module';
export { catalogModuleOpenChoreoBuild } from './module';
export { COMPONENT_TYPE_TO_CATALOG_TYPE } from './mapping/componentFields';

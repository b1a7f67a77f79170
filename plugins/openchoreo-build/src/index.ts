/**
 * Frontend plugin for OpenChoreo builds (legacy frontend system exports; the new frontend system
 * plugin is the default export of `./alpha`).
 *
 * @packageDocumentation
 */

export {
  openchoreoBuildPlugin,
  OpenChoreoBuildsPage,
  EntityOpenChoreoBuildsContent,
  EntityOpenChoreoBuildsCard,
  isOpenChoreoBuildAvailable,
  EntityHolosPlanContent,
  isHolosPlanAvailable,
} from './plugin';
export * from './api';

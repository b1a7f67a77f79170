import { OPENCHOREO_ANNOTATIONS } from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * The annotations a catalog entity needs for the Builds tab and the Overview card (all three,
 * together), named by the catalog's missing-annotation state when one is missing.
 */
export const REQUIRED_COMPONENT_ANNOTATIONS = [
  OPENCHOREO_ANNOTATIONS.namespace,
  OPENCHOREO_ANNOTATIONS.project,
  OPENCHOREO_ANNOTATIONS.component,
];

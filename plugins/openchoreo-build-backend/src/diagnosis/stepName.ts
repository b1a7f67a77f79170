import type { RunStep } from '@openchoreo-build/plugin-openchoreo-build-common';

/** A step as people know it: where it sits in nested templates (`displayPath`), else its name. */
export function displayName(step: RunStep): string {
  return step.displayPath ?? step.name;
}

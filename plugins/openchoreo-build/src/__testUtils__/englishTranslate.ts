import { mockApis } from '@backstage/frontend-test-utils';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../translation';

/**
 * The plugin's `t` with its default (English) messages, for tests of helpers that take `t`
 * outside a component (the same i18next setup `renderInTestApp` uses).
 */
export function englishTranslate(): OpenChoreoBuildTranslate {
  const snapshot = mockApis
    .translation()
    .getTranslation(openchoreoBuildTranslationRef);
  if (!snapshot.ready) {
    throw new Error('The mock translation API was not ready synchronously');
  }
  return snapshot.t;
}

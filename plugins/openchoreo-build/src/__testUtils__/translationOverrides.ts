import type {
  TranslationApi,
  TranslationMessages,
} from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';

/**
 * A translation API for `renderInTestApp` that answers with the default (English) messages,
 * except those an app's override (`createTranslationMessages({ ref, messages })`, what an app
 * installs to reword a plugin's texts) replaces. Overridden texts interpolate their `{{name}}`
 * params as i18next does; plurals and React nodes are not needed by the tests that use it.
 */
export function translationApiWith(overrides: TranslationMessages) {
  const defaults = mockApis.translation();
  const messages = overrides.messages as Record<string, string | null>;
  return mockApis.translation.mock({
    getTranslation: ref => {
      const snapshot = defaults.getTranslation(ref);
      if (!snapshot.ready || ref.id !== overrides.id) return snapshot;
      const t = ((key: string, options?: Record<string, unknown>) => {
        const text = messages[key];
        if (typeof text !== 'string')
          return (snapshot.t as (k: string, o?: unknown) => string)(
            key,
            options,
          );
        return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) =>
          String(options?.[name] ?? ''),
        );
      }) as typeof snapshot.t;
      return { ready: true, t };
    },
    translation$: (() => ({
      subscribe: () => ({ unsubscribe: () => {}, closed: false }),
    })) as unknown as TranslationApi['translation$'],
  });
}

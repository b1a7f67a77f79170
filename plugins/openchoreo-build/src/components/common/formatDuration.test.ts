import {
  createTranslationMessages,
  type TranslationApi,
} from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { translationApiWith } from '../../__testUtils__/translationOverrides';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import { formatDuration } from './format';

/** The plugin's `t` as a component gets it from `translationApi`. */
function translateFrom(api: Pick<TranslationApi, 'getTranslation'>) {
  const snapshot = api.getTranslation(openchoreoBuildTranslationRef);
  if (!snapshot.ready) throw new Error('translations not ready');
  return snapshot.t as OpenChoreoBuildTranslate;
}

describe('formatDuration', () => {
  const english = translateFrom(mockApis.translation());

  it.each([
    [0, '0s'],
    [5.4, '5s'],
    [59.6, '1m 0s'],
    [3 * 60 + 4, '3m 4s'],
    [3600, '1h 0m'],
    [3600 + 2 * 60 + 59, '1h 2m'],
    [26 * 3600, '26h 0m'],
  ])('tells %d seconds as "%s"', (seconds, expected) => {
    expect(formatDuration(seconds, english)).toBe(expected);
  });

  it('shows a dash for an unknown, negative or infinite duration', () => {
    expect(formatDuration(undefined, english)).toBe('—');
    expect(formatDuration(-1, english)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY, english)).toBe('—');
  });

  it("takes its units from the app's translation of the plugin", () => {
    const german = translateFrom(
      translationApiWith(
        createTranslationMessages({
          ref: openchoreoBuildTranslationRef,
          messages: {
            'duration.hoursMinutes': '{{hours}} Std. {{minutes}} Min.',
            'duration.minutesSeconds': '{{minutes}} Min. {{seconds}} Sek.',
            'duration.seconds': '{{seconds}} Sek.',
          },
        }),
      ),
    );
    expect(formatDuration(7, german)).toBe('7 Sek.');
    expect(formatDuration(125, german)).toBe('2 Min. 5 Sek.');
    expect(formatDuration(3 * 3600 + 60, german)).toBe('3 Std. 1 Min.');
  });
});

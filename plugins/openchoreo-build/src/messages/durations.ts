/**
 * English texts of a duration (`1h 2m`, `3m 4s`, `5s`), merged into `openchoreoBuildTranslationRef`
 * (`../translation.ts`) under `duration` (`as const`: interpolation parameters are typed from the
 * literal texts). Every list, card and timeline tells durations through `formatDuration`
 * (`../components/common/format.ts`), so an app rewords the units here once.
 */
export const durationMessages = {
  duration: {
    hoursMinutes: '{{hours}}h {{minutes}}m',
    minutesSeconds: '{{minutes}}m {{seconds}}s',
    seconds: '{{seconds}}s',
  },
} as const;

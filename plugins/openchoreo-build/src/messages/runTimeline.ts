/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key `runTimeline`. Kept beside the area's components so each area owns its words.
 */
export const runTimelineMessages = {
  runTimeline: {
    placeholder: '',
  },
} as const;

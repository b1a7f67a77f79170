/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key `runsList`. Kept beside the area's components so each area owns its words.
 */
export const runsListMessages = {
  runsList: {
    placeholder: '',
  },
} as const;

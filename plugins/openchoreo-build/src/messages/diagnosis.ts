/**
 * English texts of a run's diagnosis panel, merged into `openchoreoBuildTranslationRef`
 * (`../translation.ts`) under `diagnosis` (`as const`: interpolation parameters are typed from the
 * literal texts). The findings themselves come from the backend.
 */
export const diagnosisMessages = {
  diagnosis: {
    sectionLabel: 'Diagnosis',
    howToFix: 'How to fix it:',
    openLogAt: 'Open the log of {{step}} at line {{line}}',
  },
} as const;

/**
 * English texts of a workflow parameter's constraints as its JSON Schema states them
 * (`describeConstraints` in `../components/StartBuildDialog/schemaFields.ts`: the Start build
 * form's hints and the Workflows page's parameters table), merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `schemaFields` (`as const`:
 * interpolation parameters are typed from the literal texts).
 */
export const schemaFieldsMessages = {
  schemaFields: {
    constraints: {
      oneOf: 'one of: {{values}}',
      valueSeparator: ', ',
      range: '{{minimum}} to {{maximum}}',
      atLeast: 'at least {{minimum}}',
      atMost: 'at most {{maximum}}',
      moreThan: 'more than {{value}}',
      lessThan: 'less than {{value}}',
      multipleOf: 'multiple of {{value}}',
      minLength: 'min length {{value}}',
      maxLength: 'max length {{value}}',
      pattern: 'pattern {{pattern}}',
      minItems: 'min {{value}} items',
      maxItems: 'max {{value}} items',
      uniqueItems: 'unique items',
      format: 'format {{format}}',
    },
  },
} as const;

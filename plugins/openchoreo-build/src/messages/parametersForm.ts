/**
 * English texts of the Start build form's parameter fields that the form library (rjsf) draws
 * itself: array buttons, Yes/No, the item and option titles. Merged into
 * `openchoreoBuildTranslationRef` (`../translation.ts`) under `parametersForm` (`as const`:
 * interpolation parameters are typed from the literal texts); handed to rjsf as its
 * `translateString` (`../components/StartBuildDialog/rjsfStrings.ts`).
 */
export const parametersFormMessages = {
  parametersForm: {
    item: 'Item',
    yes: 'Yes',
    no: 'No',
    newValue: 'New Value',
    add: 'Add',
    addItem: 'Add Item',
    copy: 'Copy',
    moveDown: 'Move down',
    moveUp: 'Move up',
    remove: 'Remove',
    decrement: 'Decrease value by 1',
    increment: 'Increase value by 1',
    option: 'Option {{number}}',
    titledOption: '{{title}} option {{number}}',
    key: '{{label}} Key',
    unknownFieldType: 'Unknown field type {{type}}',
    unsupportedField: 'Unsupported field schema.',
  },
} as const;

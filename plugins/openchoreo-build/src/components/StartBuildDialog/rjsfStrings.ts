import {
  englishStringTranslator,
  TranslatableString,
  type Registry,
} from '@rjsf/utils';
import type { OpenChoreoBuildTranslate } from '../../translation';

type RjsfTranslate = Registry['translateString'];

/**
 * rjsf's `translateString` over the plugin's translation ref: the texts a workflow's parameters
 * can show (array buttons, Yes/No, item and option titles) come from `parametersForm`; rjsf's
 * `%1`, `%2` params become named ones. Texts a parameters form never shows (date, file and
 * error-list widgets; markdown diagnostics of broken schemas) stay rjsf's English.
 */
export function rjsfTranslator(t: OpenChoreoBuildTranslate): RjsfTranslate {
  return (text, params = []) => {
    const [first = '', second = ''] = params;
    switch (text) {
      case TranslatableString.ArrayItemTitle:
        return t('parametersForm.item');
      case TranslatableString.YesLabel:
        return t('parametersForm.yes');
      case TranslatableString.NoLabel:
        return t('parametersForm.no');
      case TranslatableString.NewStringDefault:
        return t('parametersForm.newValue');
      case TranslatableString.AddButton:
        return t('parametersForm.add');
      case TranslatableString.AddItemButton:
        return t('parametersForm.addItem');
      case TranslatableString.CopyButton:
        return t('parametersForm.copy');
      case TranslatableString.MoveDownButton:
        return t('parametersForm.moveDown');
      case TranslatableString.MoveUpButton:
        return t('parametersForm.moveUp');
      case TranslatableString.RemoveButton:
        return t('parametersForm.remove');
      case TranslatableString.DecrementAriaLabel:
        return t('parametersForm.decrement');
      case TranslatableString.IncrementAriaLabel:
        return t('parametersForm.increment');
      case TranslatableString.OptionPrefix:
        return t('parametersForm.option', { number: first });
      case TranslatableString.TitleOptionPrefix:
        return t('parametersForm.titledOption', {
          title: first,
          number: second,
        });
      case TranslatableString.KeyLabel:
        return t('parametersForm.key', { label: first });
      case TranslatableString.UnknownFieldType:
        return t('parametersForm.unknownFieldType', { type: first });
      case TranslatableString.UnsupportedField:
        return t('parametersForm.unsupportedField');
      default:
        return englishStringTranslator(text, params);
    }
  };
}

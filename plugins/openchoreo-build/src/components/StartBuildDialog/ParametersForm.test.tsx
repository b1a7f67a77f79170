import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { translationApiWith } from '../../__testUtils__/translationOverrides';
import { openchoreoBuildTranslationRef } from '../../translation';
import { ParametersForm } from './ParametersForm';

/** The form with its own state, as the dialog holds it. */
const StatefulForm = () => {
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  return (
    <ParametersForm
      schema={{
        type: 'object',
        properties: {
          tags: { type: 'array', items: { type: 'string' } },
        },
      }}
      formData={formData}
      errors={[]}
      onChange={setFormData}
      onSubmit={() => {}}
    />
  );
};

describe('ParametersForm', () => {
  it("draws the form library's own buttons and labels with the app's translation", async () => {
    await renderInTestApp(<StatefulForm />, {
      apis: [
        translationApiWith(
          createTranslationMessages({
            ref: openchoreoBuildTranslationRef,
            messages: {
              'parametersForm.addItem': 'Eintrag hinzufügen',
              'parametersForm.remove': 'Entfernen',
            },
          }),
        ),
      ],
    });
    const add = screen.getByRole('button', { name: 'Eintrag hinzufügen' });
    await userEvent.click(add);
    await userEvent.click(add);
    expect(
      await screen.findAllByRole('button', { name: 'Entfernen' }),
    ).toHaveLength(2);
    // A text the app left alone stays the plugin's English one.
    expect(
      screen.getAllByRole('button', { name: 'Move down' }).length,
    ).toBeGreaterThan(0);
  });
});

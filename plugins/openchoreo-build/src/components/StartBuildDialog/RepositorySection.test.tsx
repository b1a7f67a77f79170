import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { translationApiWith } from '../../__testUtils__/translationOverrides';
import { dockerWorkflow } from '../../testUtils/fixtures';
import { openchoreoBuildTranslationRef } from '../../translation';
import { RepositorySection } from './RepositorySection';
import { repositoryFieldsFor, type RepositoryInputs } from './startBuildForm';

const EMPTY: RepositoryInputs = {
  url: '',
  branch: '',
  commit: '',
  appPath: '',
};

const section = (fields: ReturnType<typeof repositoryFieldsFor>) => (
  <RepositorySection
    fields={fields}
    values={EMPTY}
    errors={{}}
    onChange={() => {}}
  />
);

describe('RepositorySection', () => {
  it("shows the workflow's own field descriptions beside the constraints", async () => {
    await renderInTestApp(section(repositoryFieldsFor(dockerWorkflow())));
    expect(
      screen.getByRole('textbox', { name: 'App path' }),
    ).toHaveAccessibleDescription('Path to the application directory');
  });

  it('gives each field a translated hint while the workflow is not known', async () => {
    await renderInTestApp(section(repositoryFieldsFor(undefined)), {
      apis: [
        translationApiWith(
          createTranslationMessages({
            ref: openchoreoBuildTranslationRef,
            messages: {
              'startBuild.roleHints.branch': 'Zu bauender Git-Branch',
            },
          }),
        ),
      ],
    });
    expect(
      screen.getByRole('textbox', { name: 'Branch' }),
    ).toHaveAccessibleDescription('Zu bauender Git-Branch');
    expect(
      screen.getByRole('textbox', { name: 'App path' }),
    ).toHaveAccessibleDescription('Path of the application in the repository');
  });
});

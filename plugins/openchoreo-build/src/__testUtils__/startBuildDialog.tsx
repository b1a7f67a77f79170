import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ComponentProps } from 'react';
import { openChoreoBuildApiRef } from '../api';
import { StartBuildDialog } from '../components/StartBuildDialog/StartBuildDialog';
import type { MockBuildApi } from '../testUtils/mockApi';

type DialogProps = ComponentProps<typeof StartBuildDialog>;

/** Opens the Start build dialog for `props.target` on `api`; `onStarted` is a jest mock unless given. */
export function renderStartBuildDialog(
  api: MockBuildApi,
  props: Partial<DialogProps> & Pick<DialogProps, 'target'>,
) {
  const onStarted = jest.fn();
  renderInTestApp(
    <StartBuildDialog
      open
      onClose={() => {}}
      onStarted={onStarted}
      {...props}
    />,
    { apis: [[openChoreoBuildApiRef, api]] },
  );
  return { onStarted };
}

/** A field of the dialog by (part of) its label, once the dialog shows it. */
export async function dialogField(label: string): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog');
  return within(dialog).findByLabelText(label, { exact: false });
}

/** A field of the parameters form by its path (rjsf ids: `parameters_docker_filePath`). */
export function parameterField(path: string): Promise<HTMLElement> {
  const id = `parameters_${path.replace(/\./g, '_')}`;
  return waitFor(() => {
    const element = document.getElementById(id);
    if (!element) throw new Error(`no field ${id}`);
    return element;
  });
}

export const clickStartBuild = () =>
  userEvent.click(screen.getByRole('button', { name: 'Start build' }));

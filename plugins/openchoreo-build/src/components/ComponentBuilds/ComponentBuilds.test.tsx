import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import { mockPermissionApi } from '../../__testUtils__/mockPermissions';
import {
  mockBuildApi,
  runSummary,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import { ComponentBuilds } from './ComponentBuilds';

const ME = 'user:default/jdoe';
const TARGET = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};

function render(api: MockBuildApi, query = '') {
  return renderInTestApp(
    <FreshPermissionCache>
      <ComponentBuilds
        target={TARGET}
        entityRef="component:default/greeter-service"
        runLink={run => `/runs/${run.namespace}/${run.name}`}
      />
    </FreshPermissionCache>,
    {
      apis: [
        [openChoreoBuildApiRef, api],
        mockPermissionApi(),
        mockApis.identity({ userEntityRef: ME }),
      ],
      initialRouteEntries: [`/${query}`],
    },
  );
}

describe('ComponentBuilds', () => {
  it("lists the component's builds with the branch, status, trigger and mine filters of the URL, ignoring filters it does not offer", async () => {
    const api = mockBuildApi();
    render(
      api,
      '?workflow=docker&component=other&branch=main&status=Failed&trigger=user&mine=true',
    );
    expect(
      await screen.findByText('No builds match these filters'),
    ).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledTimes(1);
    expect(api.listRuns).toHaveBeenCalledWith({
      ...TARGET,
      branch: 'main',
      statuses: ['Failed'],
      trigger: 'user',
      createdBy: ME,
      limit: 10,
      cursor: undefined,
    });
    expect(screen.queryByLabelText('Workflow')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Branch')).toHaveValue('main');
    expect(screen.getByRole('checkbox', { name: 'Mine' })).toBeChecked();
  });

  it('offers to clear the filters, and lists every build again', async () => {
    const api = mockBuildApi({
      listRuns: jest.fn(async ({ branch }: { branch?: string }) => ({
        items: branch ? [] : [runSummary({ name: 'r1' })],
      })),
    });
    render(api, '?branch=nope&trigger=webhook');
    await screen.findByText('No builds match these filters');
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await screen.findByTestId('run-row-r1')).toBeInTheDocument();
    await waitFor(() =>
      expect(api.listRuns).toHaveBeenLastCalledWith({
        ...TARGET,
        statuses: [],
        limit: 10,
        cursor: undefined,
      }),
    );
  });
});

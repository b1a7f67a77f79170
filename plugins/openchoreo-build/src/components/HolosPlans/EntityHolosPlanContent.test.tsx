import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  HOLOS_BUILDPLANS_ANNOTATION,
  type HolosEntityBuildPlans,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, type MockBuildApi } from '../../testUtils/mockApi';
import {
  mockPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import { holosExample } from '../../__testUtils__/holosExamples';
import { responseError } from '../../__testUtils__/responseError';
import { stubSvgMeasurement } from '../../__testUtils__/svgLayout';
import { EntityHolosPlanContent } from './EntityHolosPlanContent';
import { holosNodeName } from '../../__testUtils__/holosNodeName';

stubSvgMeasurement();

const ENTITY_REF = 'component:default/podinfo';

const entityPlans: HolosEntityBuildPlans = {
  ...holosExample('helm-kustomize.yaml').result,
  entityRef: ENTITY_REF,
  location:
    'url:https://github.com/example/platform/blob/main/deploy/buildplans.yaml',
};

function entity(annotations: Record<string, string>) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'podinfo', annotations },
    spec: { type: 'service', owner: 'platform-team', lifecycle: 'production' },
  };
}

const annotated = entity({
  [HOLOS_BUILDPLANS_ANNOTATION]: 'deploy/buildplans.yaml',
});

function render(
  api: MockBuildApi,
  subject = annotated,
  permissions: PermissionApiMock = mockPermissionApi(),
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <EntityProvider entity={subject}>
        <EntityHolosPlanContent />
      </EntityProvider>
    </FreshPermissionCache>,
    { apis: [[openChoreoBuildApiRef, api], permissions] },
  );
}

const failure = (status: number, name: string, message: string) =>
  responseError(status, { name, message });

describe('EntityHolosPlanContent (Render plan tab)', () => {
  it("loads the entity's plans, shows where they were read from and their pipeline, and refreshes", async () => {
    const api = mockBuildApi({
      getHolosPlans: jest.fn(async () => entityPlans),
    });
    const permissions = mockPermissionApi();
    render(api, annotated, permissions);
    const location = await screen.findByTestId('holos-location');
    expect(location).toHaveTextContent(
      'Read from https://github.com/example/platform/blob/main/deploy/buildplans.yaml',
    );
    expect(within(location).getByRole('link')).toHaveAttribute(
      'href',
      'https://github.com/example/platform/blob/main/deploy/buildplans.yaml',
    );
    expect(api.getHolosPlans).toHaveBeenCalledWith(ENTITY_REF);
    expect(permissions.asked).toContainEqual({
      permission: 'openchoreo.build.holos.plan.read',
      resourceRef: ENTITY_REF,
    });
    expect(screen.getByTestId('holos-summary')).toHaveTextContent(
      '1 plan, 1 valid, 0 problems',
    );
    expect(
      await screen.findByRole('button', {
        name: holosNodeName('Helm generator 1 (podinfo)'),
      }),
    ).toBeInTheDocument();
    // The tab shows plans; it has no editor.
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.getHolosPlans).toHaveBeenCalledTimes(2));
    expect(await screen.findByTestId('holos-location')).toBeInTheDocument();
  });

  it('explains a 404 (no file at the annotated location) with the backend message', async () => {
    const api = mockBuildApi({
      getHolosPlans: jest
        .fn()
        .mockRejectedValue(
          await failure(
            404,
            'NotFoundError',
            'No file at https://github.com/example/platform/blob/main/deploy/buildplans.yaml',
          ),
        ),
    });
    render(api);
    expect(
      await screen.findByText('No render plans found'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /No file at https:\/\/github.com\/example\/platform\/blob\/main\/deploy\/buildplans.yaml\. The annotation holos.run\/buildplans is "deploy\/buildplans.yaml"/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a 400 (unreadable plans) with the line the backend names', async () => {
    const api = mockBuildApi({
      getHolosPlans: jest
        .fn()
        .mockRejectedValue(
          await failure(
            400,
            'InputError',
            'document 1, line 14: kind: expected BuildPlan or Platform, got Deployment',
          ),
        ),
    });
    render(api);
    const error = await screen.findByTestId('error-state');
    expect(error).toHaveTextContent(
      'The render plans at deploy/buildplans.yaml could not be read',
    );
    expect(error).toHaveTextContent(
      'document 1, line 14: kind: expected BuildPlan or Platform, got Deployment',
    );
  });

  it('says what to add, and requests nothing, without the annotation', async () => {
    const api = mockBuildApi({ getHolosPlans: jest.fn() });
    render(api, entity({}));
    expect(
      await screen.findByText(/Missing Annotations?/i),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/holos\.run\/buildplans/).length,
    ).toBeGreaterThan(0);
    expect(api.getHolosPlans).not.toHaveBeenCalled();
  });

  it('names the permission and requests nothing when it is denied on the entity', async () => {
    const api = mockBuildApi({ getHolosPlans: jest.fn() });
    render(
      api,
      annotated,
      mockPermissionApi(
        (name, ref) =>
          !(name === 'openchoreo.build.holos.plan.read' && ref === ENTITY_REF),
      ),
    );
    expect(await screen.findByTestId('permission-required')).toHaveTextContent(
      'You are not allowed to read the render plans of this entity (permission openchoreo.build.holos.plan.read on component:default/podinfo)',
    );
    expect(api.getHolosPlans).not.toHaveBeenCalled();
  });
});

import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { BuildPlaneSummary } from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, type MockBuildApi } from '../../testUtils/mockApi';
import {
  denying,
  mockPermissionApi,
  pendingPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import { BuildPlanesTab } from './BuildPlanesPage';
import { novaWorkflowPlanes } from '../../__testUtils__/mockApiV1';

const agentPlane: BuildPlaneSummary = {
  namespace: 'default',
  name: 'default',
  kind: 'BuildPlane',
  displayName: 'Default build plane',
  description: 'Agent-connected build plane',
  generation: 'v0.9+',
  mode: 'agent',
  authMethod: 'gatewayClientCertificate',
  agent: {
    planeID: 'default',
    gatewayConfigured: true,
    connected: true,
    connectedAgents: 1,
    lastHeartbeatTime: '2026-01-10T10:00:00Z',
  },
  observer: {
    source: 'config',
    url: 'http://127.0.0.1:7013',
    authentication: 'basic',
  },
  capabilities: { watch: false, followLogs: false },
  active: true,
  health: { status: 'Healthy' },
  conditions: [],
  problems: [],
};

const directPlane: BuildPlaneSummary = {
  ...agentPlane,
  namespace: 'acme',
  name: 'acme-build-plane',
  displayName: undefined,
  description: undefined,
  generation: 'v0.4-v0.8',
  mode: 'direct',
  authMethod: 'bearerToken',
  apiServerURL: 'https://127.0.0.1:7011',
  agent: undefined,
  observer: { source: 'none', authentication: 'none' },
  capabilities: { watch: true, followLogs: true },
  health: { status: 'Degraded', message: 'no observer' },
  problems: ['No observer: archived logs are unavailable'],
};

function render(
  api: MockBuildApi,
  permissions:
    | PermissionApiMock
    | ReturnType<typeof pendingPermissionApi> = mockPermissionApi(),
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <BuildPlanesTab />
    </FreshPermissionCache>,
    { apis: [[openChoreoBuildApiRef, api], permissions] },
  );
}

describe('BuildPlanesPage', () => {
  it('shows each plane with mode, generation, agent, observer, health and problems', async () => {
    const api = mockBuildApi({
      listBuildPlanes: jest.fn(async () => ({
        items: [agentPlane, directPlane],
        warnings: ['namespace acme has 2 BuildPlanes'],
      })),
    });
    render(api);
    const agent = await screen.findByTestId('buildplane-default-default');
    expect(screen.getByText('Default build plane')).toBeInTheDocument();
    expect(
      within(agent).getByText('Agent-connected build plane'),
    ).toBeInTheDocument();
    expect(within(agent).getByText('Mode: agent')).toBeInTheDocument();
    expect(within(agent).getByText('Generation: v0.9+')).toBeInTheDocument();
    expect(
      within(agent).getByText(/connected \(1 agent\); last heartbeat/),
    ).toBeInTheDocument();
    expect(
      within(agent).getByText(
        /http:\/\/127.0.0.1:7013 \(from the portal configuration; basic authentication\)/,
      ),
    ).toBeInTheDocument();
    const direct = screen.getByTestId('buildplane-acme-acme-build-plane');
    expect(within(direct).getByText('Mode: direct')).toBeInTheDocument();
    expect(
      within(direct).getByText('https://127.0.0.1:7011'),
    ).toBeInTheDocument();
    expect(
      within(direct).getByText('Degraded: no observer'),
    ).toBeInTheDocument();
    expect(
      within(direct).getByText('No observer: archived logs are unavailable'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('namespace acme has 2 BuildPlanes'),
    ).toBeInTheDocument();
  });

  it('runs the reachability check on "Check now" and shows each probe', async () => {
    const api = mockBuildApi({
      listBuildPlanes: jest.fn(async () => ({
        items: [agentPlane],
        warnings: [],
      })),
      checkBuildPlane: jest.fn(async () => ({
        ...agentPlane,
        checkedAt: '2026-01-10T10:00:00Z',
        checks: [
          {
            target: 'clusterGateway' as const,
            description: 'cluster gateway',
            url: 'https://127.0.0.1:7012',
            status: 'ok' as const,
            httpStatus: 200,
            latencyMs: 4,
          },
          {
            target: 'observer' as const,
            description: 'observer (archived build logs)',
            status: 'failed' as const,
            httpStatus: 401,
            message: 'The observer rejected the configured credentials',
          },
        ],
      })),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Check now: Default build plane',
      }),
    );
    const checks = await screen.findByTestId('checks-default');
    expect(api.checkBuildPlane).toHaveBeenCalledWith('default', 'default');
    expect(within(checks).getByText('Cluster gateway')).toBeInTheDocument();
    expect(within(checks).getByText('HTTP 200 · 4 ms')).toBeInTheDocument();
    expect(within(checks).getByText('failed')).toBeInTheDocument();
    expect(
      within(checks).getByText(
        /The observer rejected the configured credentials/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed check', async () => {
    const api = mockBuildApi({
      listBuildPlanes: jest.fn(async () => ({
        items: [agentPlane],
        warnings: [],
      })),
      checkBuildPlane: jest.fn(async () => {
        throw new Error('BuildPlane default/default not found');
      }),
    });
    render(api);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Check now: Default build plane',
      }),
    );
    expect(
      await screen.findByText(
        'The check could not run: BuildPlane default/default not found',
      ),
    ).toBeInTheDocument();
  });

  it('says what to do without build planes', async () => {
    render(mockBuildApi());
    expect(await screen.findByText('No build planes')).toBeInTheDocument();
    expect(
      screen.getByText(/Create one in each organization's namespace/),
    ).toBeInTheDocument();
  });

  it('shows a load error with a retry', async () => {
    const listBuildPlanes = jest
      .fn()
      .mockRejectedValueOnce(new Error('control plane down'))
      .mockResolvedValue({ items: [agentPlane], warnings: [] });
    render(mockBuildApi({ listBuildPlanes }));
    expect(
      (await screen.findAllByText(/control plane down/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByTestId('buildplane-default-default'),
    ).toBeInTheDocument();
  });

  it('tells a user without openchoreo.build.buildplane.read which permission to ask for, and asks the backend nothing', async () => {
    const api = mockBuildApi({
      listBuildPlanes: jest.fn(async () => ({
        items: [agentPlane],
        warnings: [],
      })),
    });
    const permissions = denying('openchoreo.build.buildplane.read');
    render(api, permissions);
    expect(await screen.findByTestId('permission-required')).toHaveTextContent(
      'You need the permission openchoreo.build.buildplane.read to see the build planesAsk your platform team to grant it to you.',
    );
    expect(
      screen.getByText(/^Where OpenChoreo runs your builds/),
    ).toBeInTheDocument();
    expect(permissions.asked).toEqual([
      {
        permission: 'openchoreo.build.buildplane.read',
        resourceRef: undefined,
      },
    ]);
    expect(api.listBuildPlanes).not.toHaveBeenCalled();
    expect(
      screen.queryByTestId('buildplane-default-default'),
    ).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-state')).not.toBeInTheDocument();
  });

  it('loads nothing while the permission is being checked', async () => {
    const api = mockBuildApi();
    render(api, pendingPermissionApi());
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(api.listBuildPlanes).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal and whom to ask when it answers 403 anyway", async () => {
    const listBuildPlanes = jest.fn(async () => {
      throw Object.assign(
        new Error(
          'You are not allowed to see build planes (permission openchoreo.build.buildplane.read)',
        ),
        { statusCode: 403 },
      );
    });
    render(mockBuildApi({ listBuildPlanes }));
    expect(
      (await screen.findAllByText(/You are not allowed to see build planes/))
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.getByText(/ask your platform team for it/),
    ).toBeInTheDocument();
  });

  it('labels v1 WorkflowPlanes and ClusterWorkflowPlanes and checks the one asked for by kind', async () => {
    const [clusterPlane, namespacedPlane] = novaWorkflowPlanes();
    const api = mockBuildApi({
      listBuildPlanes: jest.fn(async () => ({
        items: [clusterPlane, namespacedPlane],
        warnings: [],
      })),
      checkBuildPlane: jest.fn(async () => ({
        ...clusterPlane,
        checkedAt: '2026-01-10T10:00:00Z',
        checks: [],
      })),
    });
    render(api);
    const cluster = await screen.findByTestId(
      'clusterworkflowplane-nova-default',
    );
    expect(
      within(cluster).getByText('Workflow plane (cluster-scoped)'),
    ).toBeInTheDocument();
    expect(within(cluster).getByText('Generation: v1')).toBeInTheDocument();
    // Which plane a v1 run uses is the Workflow's choice, not "the first one listed".
    expect(
      within(cluster).queryByText(/Active for this organization|Not used/),
    ).toBeNull();
    expect(
      screen.getByText('default (cluster-scoped, listed for nova)'),
    ).toBeInTheDocument();
    const namespaced = screen.getByTestId('workflowplane-nova-default');
    expect(within(namespaced).getByText('Workflow plane')).toBeInTheDocument();
    expect(within(namespaced).getByText('Generation: v1')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Check now: default (Workflow plane (cluster-scoped))',
      }),
    );
    expect(await screen.findByTestId('checks-default')).toBeInTheDocument();
    expect(api.checkBuildPlane).toHaveBeenCalledWith(
      'nova',
      'default',
      'ClusterWorkflowPlane',
    );
  });
});

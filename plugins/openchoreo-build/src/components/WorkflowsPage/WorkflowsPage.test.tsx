import { createTranslationMessages } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import {
  dockerWorkflow,
  mockBuildApi,
  type MockBuildApi,
} from '../../testUtils/mockApi';
import {
  denying,
  mockPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import {
  dockerfileBuilderWorkflow,
  paketoWorkflow,
} from '../../__testUtils__/mockApiV1';
import { openchoreoBuildTranslationRef } from '../../translation';
import { translationApiWith } from '../../__testUtils__/translationOverrides';
import { WorkflowsTab } from './WorkflowsPage';

function render(
  api: MockBuildApi,
  route = '/',
  permissions: PermissionApiMock = mockPermissionApi(),
  translations?: ReturnType<typeof translationApiWith>,
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <WorkflowsTab />
    </FreshPermissionCache>,
    {
      apis: [
        [openChoreoBuildApiRef, api],
        permissions,
        ...(translations ? [translations] : []),
      ],
      initialRouteEntries: [route],
      config: { openchoreo: { build: { namespaces: ['default', 'acme'] } } },
    },
  );
}

const withSecrets = dockerWorkflow({
  name: 'docker-private',
  ready: false,
  secrets: [
    {
      resourceId: 'git-secret',
      kind: 'ExternalSecret',
      name: 'git-clone-secret',
      nameTemplate: '${metadata.workflowRunName}-git-clone-secret',
      targetSecretName: 'git-clone-secret',
      namespace: 'openchoreo-ci-default',
      secretStore: { name: 'default', kind: 'ClusterSecretStore' },
      remoteKeys: ['git-token'],
      status: 'Missing',
    },
    {
      resourceId: 'registry',
      kind: 'Secret',
      name: 'registry-push-secret',
      nameTemplate: 'registry-push-secret',
      namespace: 'openchoreo-ci-default',
      remoteKeys: [],
      status: 'Ready',
      message: 'Secret registry-push-secret exists',
    },
  ],
});

describe('WorkflowsPage', () => {
  it('shows each workflow with its description and parameters as a table', async () => {
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      }),
    );
    expect(await screen.findByText(/^The build templates/)).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Docker workflow for containerized workflows using Dockerfile',
      ),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Parameters of docker' });
    const row = within(table).getByText('parameters.retries').closest('tr')!;
    expect(within(row).getByText('integer')).toBeInTheDocument();
    expect(within(row).getByText('3')).toBeInTheDocument();
    expect(within(row).getByText('0 to 10')).toBeInTheDocument();
    expect(within(row).getByText('Retry attempts')).toBeInTheDocument();
    const url = within(table)
      .getByText('systemParameters.repository.url')
      .closest('tr')!;
    expect(within(url).getByText('required')).toBeInTheDocument();
    expect(within(url).getByText('pattern ^https?://')).toBeInTheDocument();
    expect(
      within(table).getByText('parameters.testMode').closest('tr'),
    ).toHaveTextContent('one of: unit, integration, none');
    expect(
      screen.getByText('This workflow needs no secrets.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Ready to build')).toBeInTheDocument();
  });

  it('lets a field path break only after a dot, never inside a name', async () => {
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
      }),
    );
    const table = await screen.findByRole('table', {
      name: 'Parameters of docker',
    });
    const path = within(table).getByText('systemParameters.repository.url');
    // A line may end only after "systemParameters." or "repository." (the no-wrap of short
    // tokens such as the type is CSS, which jsdom does not lay out: the e2e layout test checks it).
    expect(
      Array.from(path.querySelectorAll('wbr')).map(
        wbr => wbr.previousSibling?.textContent,
      ),
    ).toEqual(['.', '.']);
    expect(path.textContent).toBe('systemParameters.repository.url');
  });

  it('shows the secrets with readiness and the concrete fix for a missing one', async () => {
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({ items: [withSecrets] })),
      }),
    );
    const missing = await screen.findByTestId(
      'secret-docker-private-git-clone-secret',
    );
    expect(within(missing).getByText('Missing')).toBeInTheDocument();
    const fix = within(missing).getByTestId('secret-fix');
    expect(fix).toHaveTextContent(
      'Store git-token in ClusterSecretStore default',
    );
    expect(fix).toHaveTextContent('kind: ExternalSecret');
    expect(fix).toHaveTextContent(
      'kubectl create secret generic git-clone-secret -n openchoreo-ci-default --from-literal=git-token=<value>',
    );
    const ready = screen.getByTestId(
      'secret-docker-private-registry-push-secret',
    );
    expect(within(ready).getByText('Ready')).toBeInTheDocument();
    expect(within(ready).queryByTestId('secret-fix')).not.toBeInTheDocument();
    expect(screen.getByText('1 secret not ready')).toBeInTheDocument();
  });

  it("shows an app's own words for the tables (a translation override of openchoreoBuildTranslationRef)", async () => {
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({ items: [withSecrets] })),
      }),
      '/',
      mockPermissionApi(),
      translationApiWith(
        createTranslationMessages({
          ref: openchoreoBuildTranslationRef,
          messages: {
            'workflowTables.secrets.columns.readiness': 'Bereitschaft',
            'workflowTables.secrets.readiness.Missing': 'Fehlt',
            'workflowTables.fix.externalSecret':
              'Lege {{keys}} in {{store}} ab ({{namespace}}):',
          },
        }),
      ),
    );
    const missing = await screen.findByTestId(
      'secret-docker-private-git-clone-secret',
    );
    expect(
      screen.getByRole('columnheader', { name: 'Bereitschaft' }),
    ).toBeInTheDocument();
    expect(within(missing).getByText('Fehlt')).toBeInTheDocument();
    expect(within(missing).getByTestId('secret-fix')).toHaveTextContent(
      'Lege git-token in ClusterSecretStore default ab (openchoreo-ci-default):',
    );
    // Texts the app leaves alone stay in English.
    expect(
      screen.getByRole('columnheader', { name: 'Details and fix' }),
    ).toBeInTheDocument();
  });

  it("shows the guide's fake-store patch for a key the ClusterSecretStore lacks, and kubectl create for a plain missing Secret", async () => {
    const gitops = dockerWorkflow({
      name: 'docker-gitops-release',
      ready: false,
      secrets: [
        {
          resourceId: 'gitops-git-secret',
          kind: 'ExternalSecret',
          name: 'gitops-git-secret',
          nameTemplate: '${metadata.workflowRunName}-gitops-git-secret',
          targetSecretName: 'gitops-git-secret',
          namespace: 'openchoreo-ci-default',
          secretStore: { name: 'default', kind: 'ClusterSecretStore' },
          remoteKeys: ['gitops-token'],
          status: 'NotReady',
          message:
            'ExternalSecret run-1-gitops-git-secret is not Ready (SecretSyncedError): could not get secret data from provider',
          missingKey: {
            key: 'gitops-token',
            store: { kind: 'ClusterSecretStore', name: 'default' },
          },
        },
        {
          resourceId: 'registry',
          kind: 'Secret',
          name: 'registry-push-secret',
          nameTemplate: 'registry-push-secret',
          namespace: 'openchoreo-ci-default',
          remoteKeys: [],
          status: 'Missing',
        },
      ],
    });
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({ items: [gitops] })),
      }),
    );
    const notReady = await screen.findByTestId(
      'secret-docker-gitops-release-gitops-git-secret',
    );
    const fix = within(notReady).getByTestId('secret-fix');
    expect(fix).toHaveTextContent(
      'ClusterSecretStore default has no key gitops-token.',
    );
    expect(fix).toHaveTextContent('development fake store');
    expect(fix).toHaveTextContent(
      'In production, store gitops-token in the secret manager behind ClusterSecretStore default instead.',
    );
    expect(
      within(fix).getByLabelText(
        'kubectl command that adds gitops-token to ClusterSecretStore default',
      ),
    ).toHaveTextContent(
      `kubectl patch clustersecretstore default --type='json' -p='[{"op":"add","path":"/spec/provider/fake/data/-","value":{"key":"gitops-token","value":"<value>"}}]'`,
    );
    expect(
      within(fix).getByLabelText(
        'kubectl command that lists the keys of ClusterSecretStore default',
      ),
    ).toHaveTextContent(
      "kubectl get clustersecretstore default -o jsonpath='{.spec.provider.fake.data[*].key}'",
    );
    expect(fix).not.toHaveTextContent('kubectl create secret');

    const plain = screen.getByTestId(
      'secret-docker-gitops-release-registry-push-secret',
    );
    const plainFix = within(plain).getByTestId('secret-fix');
    expect(plainFix).toHaveTextContent(
      'kubectl create secret generic registry-push-secret -n openchoreo-ci-default --from-literal=<key>=<value>',
    );
    expect(plainFix).not.toHaveTextContent('kubectl patch');
  });

  it('filters by the organization in the URL', async () => {
    const api = mockBuildApi();
    render(api, '/?namespace=acme');
    expect(await screen.findByText('No workflows')).toBeInTheDocument();
    expect(api.listWorkflows).toHaveBeenCalledWith({ namespace: 'acme' });
    expect(
      screen.getByText(
        /No ComponentWorkflow, Workflow or ClusterWorkflow exists in acme/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('combobox', { name: 'Organization' }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'All organizations' }),
    );
    expect(api.listWorkflows).toHaveBeenLastCalledWith({
      namespace: undefined,
    });
  });

  it('shows a load error with a retry', async () => {
    const listWorkflows = jest
      .fn()
      .mockRejectedValueOnce(new Error('no workflows for you'))
      .mockResolvedValue({ items: [dockerWorkflow()] });
    render(mockBuildApi({ listWorkflows }));
    expect(
      (await screen.findAllByText(/no workflows for you/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByTestId('workflow-default-docker'),
    ).toBeInTheDocument();
  });

  it('tells a user without openchoreo.build.workflow.read which permission to ask for, and asks the backend nothing', async () => {
    const api = mockBuildApi({
      listWorkflows: jest.fn(async () => ({ items: [dockerWorkflow()] })),
    });
    render(api, '/', denying('openchoreo.build.workflow.read'));
    expect(await screen.findByTestId('permission-required')).toHaveTextContent(
      'You need the permission openchoreo.build.workflow.read to see the workflows',
    );
    expect(
      screen.getByText('Ask your platform team to grant it to you.'),
    ).toBeInTheDocument();
    expect(api.listWorkflows).not.toHaveBeenCalled();
    expect(
      screen.queryByTestId('workflow-default-docker'),
    ).not.toBeInTheDocument();
  });

  it('shows v1 workflows with their kind, plane, run TTL and the repository fields labelled by role', async () => {
    render(
      mockBuildApi({
        listWorkflows: jest.fn(async () => ({
          items: [dockerfileBuilderWorkflow(), paketoWorkflow()],
        })),
      }),
      '/?namespace=nova',
    );
    const cluster = await screen.findByTestId(
      'workflow-nova-dockerfile-builder',
    );
    expect(
      within(cluster).getByText('ClusterWorkflow · v1'),
    ).toBeInTheDocument();
    const facts = within(cluster).getByTestId('workflow-v1-facts');
    // The plane's kind in the Build planes page's words (`buildPlaneCard.kind`).
    expect(facts).toHaveTextContent(
      'Runs on: Workflow plane (cluster-scoped) default',
    );
    expect(facts).toHaveTextContent('Runs kept after they finish: 1d');
    // A definition list holds only term/definition pairs (axe `definition-list`).
    expect([...facts.children].map(child => child.tagName)).toEqual([
      'DT',
      'DD',
      'DT',
      'DD',
    ]);
    expect(
      screen.getByText('dockerfile-builder (cluster-scoped, offered to nova)'),
    ).toBeInTheDocument();
    const namespaced = screen.getByTestId('workflow-nova-paketo-buildpacks');
    expect(within(namespaced).getByText('Workflow · v1')).toBeInTheDocument();
    expect(
      within(namespaced).getByTestId('workflow-v1-facts'),
    ).toHaveTextContent('Runs on: Workflow plane default');

    const table = within(cluster).getByRole('table', {
      name: 'Parameters of dockerfile-builder',
    });
    const roleOf = (path: string) =>
      within(within(table).getByText(path).closest('td')!).queryByText(/.+/, {
        selector: '.v5-MuiChip-label',
      })?.textContent;
    expect(roleOf('parameters.repository.url')).toBe('Repository URL');
    expect(roleOf('parameters.repository.revision.branch')).toBe('Branch');
    expect(roleOf('parameters.repository.revision.commit')).toBe('Commit');
    expect(roleOf('parameters.repository.appPath')).toBe('App path');
    expect(roleOf('parameters.repository.secretRef')).toBe(
      'Git credentials secret',
    );
    expect(roleOf('parameters.docker.filePath')).toBeUndefined();
    // The required url, and the empty system parameters schema of v1 is no row.
    const url = within(table)
      .getByText('parameters.repository.url')
      .closest('tr')!;
    expect(within(url).getByText('required')).toBeInTheDocument();
    expect(
      within(table).queryByText('systemParameters'),
    ).not.toBeInTheDocument();
  });
});

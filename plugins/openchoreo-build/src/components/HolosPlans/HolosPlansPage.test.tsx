import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  analyzeHolosText,
  HolosInputError,
  type HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openChoreoBuildApiRef } from '../../api';
import { mockBuildApi, type MockBuildApi } from '../../testUtils/mockApi';
import {
  holosExample,
  holosExampleText,
} from '../../__testUtils__/holosExamples';
import { responseError } from '../../__testUtils__/responseError';
import {
  denying,
  mockPermissionApi,
  type PermissionApiMock,
} from '../../__testUtils__/mockPermissions';
import { FreshPermissionCache } from '../../__testUtils__/permissionCache';
import { stubSvgMeasurement } from '../../__testUtils__/svgLayout';
import { RenderPlansTab } from './HolosPlansPage';
import { holosNodeName } from '../../__testUtils__/holosNodeName';

stubSvgMeasurement();

const EDITOR = { name: 'Plan text (YAML or JSON)' };

function render(
  api: MockBuildApi,
  permissions: PermissionApiMock = mockPermissionApi(),
) {
  return renderInTestApp(
    <FreshPermissionCache>
      <RenderPlansTab />
    </FreshPermissionCache>,
    { apis: [[openChoreoBuildApiRef, api], permissions] },
  );
}

/** A backend that answers what -common's analyzer says about the text, as the route does. */
const analyzing = () =>
  mockBuildApi({
    validateHolosPlans: jest.fn(
      async (text: string): Promise<HolosValidationResult> =>
        analyzeHolosText(text),
    ),
  });

async function pasteAndValidate(text: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('textbox', EDITOR));
  await user.paste(text);
  await user.click(screen.getByRole('button', { name: 'Validate' }));
  return user;
}

/** The 400 the backend answers for text the analyzer cannot read (Backstage's error body). */
function badRequest(text: string) {
  let error: unknown;
  try {
    analyzeHolosText(text);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof HolosInputError)) throw new Error('expected a 400');
  return responseError(400, { name: 'InputError', message: error.message });
}

describe('HolosPlansPage (Render plans)', () => {
  it('validates pasted text and shows the summary, the plans, a platform and the problems of a plan', async () => {
    const api = analyzing();
    render(api);
    expect(
      await screen.findByText(/^Check Holos BuildPlans/),
    ).toBeInTheDocument();
    const { text, result } = holosExample(
      'stream.yaml',
      'invalid/missing-input.yaml',
      'invalid/cross-artifact.yaml',
      'platform.yaml',
    );
    const user = await pasteAndValidate(text);
    expect(api.validateHolosPlans).toHaveBeenCalledWith(text);
    expect(await screen.findByTestId('holos-summary')).toHaveTextContent(
      '5 plans, 3 valid, 1 platform with 3 components, 2 problems',
    );
    expect(screen.getByTestId('holos-plan-item-httpbin')).toHaveTextContent(
      'component httpbin · valid',
    );
    const legacy = screen.getByTestId('holos-plan-item-legacy-dashboard');
    expect(legacy).toHaveTextContent('disabled');
    expect(legacy).toHaveTextContent('component dashboard · valid');
    expect(
      screen.getByTestId('holos-plan-item-missing-input'),
    ).toHaveTextContent('1 problem');
    const components = screen.getByRole('table', {
      name: 'Components of platform default',
    });
    expect(
      within(components).getByText('components/podinfo'),
    ).toBeInTheDocument();
    expect(
      within(components).getByText('environment=staging'),
    ).toBeInTheDocument();

    await user.click(screen.getByTestId('holos-plan-item-missing-input'));
    await user.click(screen.getByRole('tab', { name: 'Problems (1)' }));
    const [problem] = within(
      screen.getByRole('table', { name: 'Problems of plan missing-input' }),
    ).getAllByTestId('holos-problem');
    expect(problem).toHaveTextContent('missing-input');
    expect(problem).toHaveTextContent(
      'spec.artifacts[0].transformers[0].inputs[0]',
    );
    // The line in the submitted stream, where the plan is the fourth document.
    const [expected] = result.plans[3].errors;
    expect(expected.line).toBeGreaterThan(25);
    expect(problem).toHaveTextContent(`${expected.line}:${expected.column}`);

    // A problem selects its node in the pipeline.
    const kustomize =
      'Kustomize transformer 1 (components/podinfo/podinfo.gen.yaml)';
    await user.click(
      within(problem).getByRole('button', {
        name: `Show ${kustomize} in the pipeline`,
      }),
    );
    const details = await screen.findByTestId('holos-node-details');
    expect(details).toHaveTextContent(kustomize);
    // Its button is gone with the Problems tab: the focus moves to the details.
    expect(details).toHaveFocus();
    expect(
      within(details).getByTestId('holos-unresolved-input'),
    ).toHaveTextContent(
      'Input helm.gen.yaml: no earlier task of this artifact writes it.',
    );
    expect(
      await screen.findByRole('button', {
        name: holosNodeName(kustomize, '1 problem: missing-input'),
        pressed: true,
      }),
    ).toHaveAttribute('data-flagged', 'true');
  });

  it('validates with Ctrl+Enter in the editor', async () => {
    const api = analyzing();
    render(api);
    const { text } = holosExample('helm-kustomize.yaml');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('textbox', EDITOR));
    await user.paste(text);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(api.validateHolosPlans).toHaveBeenCalledWith(text),
    );
    expect(await screen.findByTestId('holos-summary')).toHaveTextContent(
      '1 plan, 1 valid, 0 problems',
    );
  });

  it('reads an uploaded file into the editor and validates it', async () => {
    const api = analyzing();
    render(api);
    const text = holosExampleText('platform.yaml');
    const user = userEvent.setup();
    await screen.findByRole('button', { name: 'Upload file' });
    await user.upload(
      screen.getByTestId('holos-file-input'),
      new File([text], 'platform.yaml', { type: 'application/yaml' }),
    );
    await waitFor(() =>
      expect(api.validateHolosPlans).toHaveBeenCalledWith(text),
    );
    expect(screen.getByRole('textbox', EDITOR)).toHaveValue(text);
    expect(await screen.findByTestId('holos-summary')).toHaveTextContent(
      '0 plans, 0 valid, 1 platform with 3 components, 0 problems',
    );
  });

  it('shows a 400 above the editor with the line it names, and selects that line', async () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
    const refusal = await badRequest(text);
    const api = mockBuildApi({
      validateHolosPlans: jest.fn().mockRejectedValue(refusal),
    });
    render(api);
    const user = await pasteAndValidate(text);
    const alert = await screen.findByTestId('holos-input-error');
    expect(alert).toHaveTextContent('The text could not be analysed (line 2');
    expect(alert).toHaveTextContent(
      'kind "Deployment" at line 2 is not accepted',
    );
    expect(within(alert).getByLabelText('Line 2')).toHaveTextContent(
      '2 | kind: Deployment',
    );
    expect(screen.queryByTestId('holos-result')).not.toBeInTheDocument();
    await user.click(
      within(alert).getByRole('button', { name: 'Go to line 2' }),
    );
    const editor = screen.getByRole<HTMLTextAreaElement>('textbox', EDITOR);
    expect(editor).toHaveFocus();
    expect(editor.value.slice(editor.selectionStart, editor.selectionEnd)).toBe(
      'kind: Deployment',
    );
  });

  it("shows a Helm node's chart, version, release, repository and values", async () => {
    render(analyzing());
    const user = await pasteAndValidate(
      holosExample('helm-kustomize.yaml').text,
    );
    await user.click(
      await screen.findByRole('button', {
        name: holosNodeName('Helm generator 1 (podinfo)'),
      }),
    );
    const details = await screen.findByTestId('holos-node-details');
    expect(details).toHaveTextContent('Chartpodinfo');
    expect(details).toHaveTextContent('Version6.7.1');
    expect(details).toHaveTextContent('Releasepodinfo');
    expect(details).toHaveTextContent('Repositorypodinfo');
    expect(details).toHaveTextContent(
      'Repository URLhttps://stefanprodan.github.io/podinfo',
    );
    expect(details).toHaveTextContent('Namespacepodinfo');
    expect(within(details).getByLabelText('Helm values')).toHaveTextContent(
      'replicaCount: 1',
    );
    expect(details).toHaveTextContent('Writeshelm.gen.yaml');
  });

  it('says where Helm repository auth comes from and never shows an auth value', async () => {
    const password = 'gh-s3cr3t-token-value';
    const { text, result } = holosExample('multi-generator-join.yaml');
    // A literal password in the answer (whether or not the backend redacts it): the views must not show it.
    const chart = result.plans[0].artifacts[0].generators[1].helm!.chart;
    chart.repository!.auth!.password = { value: password };
    render(mockBuildApi({ validateHolosPlans: jest.fn(async () => result) }));
    const user = await pasteAndValidate(text);
    await user.click(
      await screen.findByRole('button', {
        name: holosNodeName(
          'Helm generator 2 (oci://ghcr.io/stefanprodan/charts/podinfo)',
        ),
      }),
    );
    const details = await screen.findByTestId('holos-node-details');
    expect(details).toHaveTextContent(
      'Repository authusername from env GHCR_USER, password value set',
    );
    expect(details).toHaveTextContent('Value files');
    expect(
      within(details).getByRole('button', { name: 'region-values.yaml' }),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(password);
  });

  it("shows a Kustomize node's kustomization and expandable files, and a validator's command line", async () => {
    render(analyzing());
    const user = await pasteAndValidate(
      holosExample('helm-kustomize.yaml').text,
    );
    await user.click(
      await screen.findByRole('button', {
        name: holosNodeName(
          'Kustomize transformer 1 (components/podinfo/podinfo.gen.yaml)',
        ),
      }),
    );
    let details = await screen.findByTestId('holos-node-details');
    expect(within(details).getByLabelText('Kustomization')).toHaveTextContent(
      'kind: Kustomization',
    );
    expect(details).toHaveTextContent('Files (1)');
    expect(
      within(details).queryByLabelText('Content of replicas.yaml'),
    ).not.toBeInTheDocument();
    await user.click(
      within(details).getByRole('button', { name: 'replicas.yaml' }),
    );
    expect(
      await within(details).findByLabelText('Content of replicas.yaml'),
    ).toHaveTextContent('replicas: 2');

    await user.click(
      screen.getByRole('button', {
        name: holosNodeName('Command validator 1 (kubeconform)'),
      }),
    );
    details = await screen.findByTestId('holos-node-details');
    expect(within(details).getByLabelText('Command line')).toHaveTextContent(
      "kubeconform -strict '${TMPDIR_PLACEHOLDER}/components/podinfo/podinfo.gen.yaml'",
    );
    expect(details).toHaveTextContent(
      'Readscomponents/podinfo/podinfo.gen.yaml',
    );
  });

  it('marks an artifact that says skip, and says holos v1alpha6 still builds it', async () => {
    render(analyzing());
    const user = await pasteAndValidate(holosExample('stream.yaml').text);
    await user.click(await screen.findByTestId('holos-plan-item-namespaces'));
    const marked = await screen.findByTestId('holos-artifact-1');
    expect(marked).toHaveAttribute('data-marked-skip', 'true');
    expect(within(marked).getByTestId('holos-skip-ignored')).toHaveTextContent(
      'holos v1alpha6 never reads skip: it still builds and writes this artifact',
    );
    const write = await within(marked).findByRole('button', {
      name: holosNodeName(
        'artifact components/namespaces/sandbox.gen.yaml',
        'skip ignored',
      ),
    });
    expect(write.querySelector('rect')).toHaveAttribute(
      'stroke-dasharray',
      '6 4',
    );
    const kept = screen.getByTestId('holos-artifact-0');
    expect(kept).not.toHaveAttribute('data-marked-skip');
    expect(
      within(kept).queryByTestId('holos-skip-ignored'),
    ).not.toBeInTheDocument();
  });

  it('renders the dry run: steps with their concurrency, the flows and the final artifacts', async () => {
    render(analyzing());
    const user = await pasteAndValidate(
      holosExample('helm-kustomize.yaml', 'stream.yaml').text,
    );
    await user.click(await screen.findByRole('tab', { name: 'Dry run' }));
    const steps = screen.getAllByTestId('holos-step');
    expect(steps).toHaveLength(4);
    // The two artifacts run concurrently.
    expect(steps[0]).toHaveTextContent('Step 1: 2 tasks run concurrently');
    expect(steps[0]).toHaveTextContent(
      'Helm generator 1 (podinfo) of artifact 0 — writes helm.gen.yaml',
    );
    expect(steps[0]).toHaveTextContent(
      'Resources generator 1 (gitops/podinfo.application.gen.yaml) of artifact 1',
    );
    expect(steps[3]).toHaveTextContent('Step 4: 1 task runs');
    const [flow] = within(
      screen.getByRole('table', { name: 'Data flows' }),
    ).getAllByTestId('holos-flow');
    expect(flow).toHaveTextContent(
      'helm.gen.yamlHelm generator 1 (podinfo) of artifact 0helm.gen.yaml Kustomize transformer 1 (components/podinfo/podinfo.gen.yaml) of artifact 0',
    );
    const finals = screen.getByRole('list', { name: 'Final artifacts' });
    expect(
      within(finals)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'components/podinfo/podinfo.gen.yaml',
      'gitops/podinfo.application.gen.yaml',
    ]);

    // A disabled plan writes nothing; its steps show what would run.
    await user.click(screen.getByTestId('holos-plan-item-legacy-dashboard'));
    await user.click(screen.getByRole('tab', { name: 'Dry run' }));
    expect(screen.getByTestId('holos-dry-run')).toHaveTextContent(
      'holos writes none of its artifacts',
    );
    expect(screen.getAllByTestId('holos-step')).toHaveLength(2);
    expect(
      screen.queryByRole('list', { name: 'Final artifacts' }),
    ).not.toBeInTheDocument();
  });

  it('says which permission is missing and sends nothing without it', async () => {
    const api = analyzing();
    render(api, denying('openchoreo.build.holos.validate'));
    expect(await screen.findByTestId('permission-required')).toHaveTextContent(
      'openchoreo.build.holos.validate',
    );
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(api.validateHolosPlans).not.toHaveBeenCalled();
  });
});

/**
 * The React 17 check's page (scripts/react17-check/check.js bundles it with react and react-dom
 * aliased to 17.0.2): the plugin's components that need React 18 elsewhere — the log viewer, and
 * every user of an element id (`useElementId`) — rendered with React 17's `ReactDOM.render`.
 */
import { mockApis, TestApiProvider } from '@backstage/frontend-test-utils';
import { version } from 'react';
import ReactDOM from 'react-dom';
import { MemoryRouter } from 'react-router-dom';
import { LogViewerView } from '../../plugins/openchoreo-build/src/components/LogViewer/LogViewerView';
import { LogStore } from '../../plugins/openchoreo-build/src/components/LogViewer/logStore';
import { StatusFilter } from '../../plugins/openchoreo-build/src/components/RunsTable/StatusFilter';
import { BuildHistory } from '../../plugins/openchoreo-build/src/components/EntityBuildsCard/BuildHistory';
import { StepOutputs } from '../../plugins/openchoreo-build/src/components/RunPage/StepOutputs';
import {
  runDetail,
  runSummary,
} from '../../plugins/openchoreo-build/src/testUtils/fixtures';

declare global {
  interface Window {
    reactVersion: string;
  }
}

window.reactVersion = version;
const store = new LogStore();
store.appendTexts([
  'cloning',
  '\u001b[31mError: no Dockerfile\u001b[0m',
  'done',
]);
const step = { ...runDetail().steps[0], outputs: { image: 'registry/app:v1' } };

ReactDOM.render(
  <TestApiProvider apis={[mockApis.translation(), mockApis.error()]}>
    <MemoryRouter>
      <LogViewerView
        store={store}
        version={store.version}
        source="archive"
        state="ended"
        height={200}
      />
      <StatusFilter value={['Failed']} onChange={() => {}} />
      <BuildHistory
        runs={[
          runSummary({ name: 'a', status: 'Succeeded', durationSeconds: 60 }),
          runSummary({ name: 'b', status: 'Failed', durationSeconds: 30 }),
        ]}
        now={Date.now()}
      />
      <StepOutputs step={step} />
    </MemoryRouter>
  </TestApiProvider>,
  document.getElementById('root'),
);

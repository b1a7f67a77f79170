import { Content, Header, Page } from '@backstage/core-components';
import Typography from '@mui/material/Typography';
import { BackendStatus } from '../BackendStatus';

/** Every build of the configured organizations. */
export const BuildsPage = () => (
  <Page themeId="tool">
    <Header
      title="Builds"
      subtitle="Every OpenChoreo component build in your organizations"
    />
    <Content>
      <Typography variant="body1" paragraph>
        Builds run on OpenChoreo build planes as ComponentWorkflowRuns.
      </Typography>
      <BackendStatus />
    </Content>
  </Page>
);

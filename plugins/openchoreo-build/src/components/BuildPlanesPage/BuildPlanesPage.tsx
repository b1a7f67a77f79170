import { Content, Header, Page } from '@backstage/core-components';
import Typography from '@mui/material/Typography';
import { BackendStatus } from '../BackendStatus';

/** The build planes of the configured organizations, for platform engineers. */
export const BuildPlanesPage = () => (
  <Page themeId="tool">
    <Header
      title="Build planes"
      subtitle="Where OpenChoreo runs your builds, and whether it can reach them"
    />
    <Content>
      <Typography variant="body1" paragraph>
        Each organization builds on the first BuildPlane in its namespace.
      </Typography>
      <BackendStatus />
    </Content>
  </Page>
);

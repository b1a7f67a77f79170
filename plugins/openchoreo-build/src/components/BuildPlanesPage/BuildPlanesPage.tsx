import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
} from '@backstage/core-components';
import { openchoreoBuildBuildPlaneReadPermission } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useBuildPlanes } from '../../hooks/useBuildPlanes';
import { ErrorState } from '../common/ErrorState';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
import { BuildPlaneCard } from './BuildPlaneCard';

/** The BuildPlanes of the configured organizations, with their connection and health. */
export const BuildPlanesList = () => {
  const { value, loading, error, retry } = useBuildPlanes();
  if (loading) return <Progress />;
  if (error) return <ErrorState error={error} retry={retry} />;
  if (!value || value.items.length === 0) {
    return (
      <>
        {value?.warnings.map(w => (
          <Alert key={w} severity="warning" sx={{ mb: 2 }}>
            {w}
          </Alert>
        ))}
        <EmptyState
          missing="info"
          title="No build planes"
          description="No organization this portal shows has a BuildPlane (OpenChoreo v0.x) or a WorkflowPlane / ClusterWorkflowPlane (v1.x). Create one in each organization's namespace (kubectl apply -f buildplane.yaml; on v1.x a ClusterWorkflowPlane serves every organization) so OpenChoreo can run builds."
        />
      </>
    );
  }
  return (
    <>
      {value.warnings.map(w => (
        <Alert key={w} severity="warning" sx={{ mb: 2 }}>
          {w}
        </Alert>
      ))}
      <Grid container spacing={3}>
        {value.items.map(plane => (
          <Grid
            item
            xs={12}
            lg={6}
            key={`${plane.namespace}/${plane.kind}/${plane.name}`}
          >
            <BuildPlaneCard plane={plane} />
          </Grid>
        ))}
      </Grid>
    </>
  );
};

/** The Build planes page for platform engineers (`openchoreo.build.buildplane.read`). */
export const BuildPlanesPage = () => (
  <Page themeId="tool">
    <Header
      title="Build planes"
      subtitle="Where OpenChoreo runs your builds, and whether it can reach them"
    />
    <Content>
      <Typography variant="body1" paragraph>
        On OpenChoreo v0.x each organization builds on the first BuildPlane in
        its namespace; on v1.x each Workflow names the WorkflowPlane or
        cluster-scoped ClusterWorkflowPlane its runs go to. Use Check now to
        probe a plane's API, cluster gateway and observer from the portal.
      </Typography>
      <RequirePlatformPermission
        permission={openchoreoBuildBuildPlaneReadPermission}
        what="the build planes"
      >
        <BuildPlanesList />
      </RequirePlatformPermission>
    </Content>
  </Page>
);

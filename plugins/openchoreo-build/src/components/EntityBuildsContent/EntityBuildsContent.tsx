import { stringifyEntityRef } from '@backstage/catalog-model';
import { Content } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getOpenChoreoComponentRef } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import Stack from '@mui/material/Stack';
import { AutoBuildCard } from '../AutoBuild';
import { ComponentBuilds } from '../ComponentBuilds';
import { RunRoutes } from '../RunRoutes';

/** The Builds tab of a catalog Component that is an OpenChoreo component. */
export const EntityBuildsContent = () => {
  const { entity } = useEntity();
  const ref = getOpenChoreoComponentRef(entity);
  if (!ref) {
    return (
      <Content>
        <Alert severity="info">
          This entity is not linked to an OpenChoreo component. Add the
          annotations openchoreo.io/namespace, openchoreo.io/project and
          openchoreo.io/component to its catalog-info.yaml.
        </Alert>
      </Content>
    );
  }
  return (
    <Content>
      <Typography variant="body2" paragraph data-testid="openchoreo-ref">
        OpenChoreo component {ref.component} in project {ref.project},
        organization {ref.namespace}.
      </Typography>
      <RunRoutes
        backLabel={`All builds of ${ref.component}`}
        list={runLink => (
          <Stack spacing={3}>
            <ComponentBuilds
              target={ref}
              entityRef={stringifyEntityRef(entity)}
              runLink={runLink}
            />
            <AutoBuildCard target={ref} />
          </Stack>
        )}
      />
    </Content>
  );
};

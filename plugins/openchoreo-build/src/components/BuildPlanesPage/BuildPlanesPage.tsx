import { EmptyState, Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { openchoreoBuildBuildPlaneReadPermission } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useBuildPlanes } from '../../hooks/useBuildPlanes';
import { ErrorState } from '../common/ErrorState';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
import { openchoreoBuildTranslationRef } from '../../translation';
import { BuildPlaneCard } from './BuildPlaneCard';

/** The BuildPlanes of the configured organizations, with their connection and health. */
export const BuildPlanesList = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
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
          title={t('buildPlanesTab.emptyTitle')}
          description={t('buildPlanesTab.emptyDescription')}
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

/**
 * The Build planes tab of the Builds page, for platform engineers
 * (`openchoreo.build.buildplane.read`).
 */
export const BuildPlanesTab = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      <Typography variant="body1" paragraph>
        {t('buildPlanesTab.intro')}
      </Typography>
      <RequirePlatformPermission
        permission={openchoreoBuildBuildPlaneReadPermission}
        what={t('buildPlanesTab.permissionSubject')}
      >
        <BuildPlanesList />
      </RequirePlatformPermission>
    </>
  );
};

import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  EmptyState,
  Link,
  Progress,
} from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  HOLOS_BUILDPLANS_ANNOTATION,
  openchoreoBuildHolosPlanReadPermission,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import RefreshIcon from '@mui/icons-material/Refresh';
import { errorMessage, errorStatus } from '../../api/fieldErrors';
import { useHolosPlans } from '../../hooks/useHolosPlans';
import {
  deniedReason,
  useComponentPermission,
} from '../../hooks/usePermissions';
import { ErrorState } from '../common/ErrorState';
import { openchoreoBuildTranslationRef } from '../../translation';
import { HolosResultView } from './HolosResultView';

/** The location as the backend names it (`url:https://…` or a plain URL or path). */
const LocationText = ({ location }: { location: string }) => {
  const target = location.replace(/^url:/, '');
  return /^https?:\/\//.test(target) ? (
    <Link to={target}>{target}</Link>
  ) : (
    <Box component="span" fontFamily="monospace">
      {location}
    </Box>
  );
};

/**
 * The Render plan tab of a catalog entity with the `holos.run/buildplans` annotation: its plans,
 * read by the backend from the location the annotation names, in the Render plans page's views.
 */
export const EntityHolosPlanContent = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const annotation = entity.metadata.annotations?.[HOLOS_BUILDPLANS_ANNOTATION];
  const check = useComponentPermission(
    openchoreoBuildHolosPlanReadPermission,
    entityRef,
  );
  // Nothing is requested before the permission is known to be granted.
  const { value, loading, error, retry } = useHolosPlans(
    annotation && check.allowed ? entityRef : undefined,
  );

  let body;
  if (!annotation) {
    // A legacy app may mount the tab without isHolosPlanAvailable.
    body = (
      <MissingAnnotationEmptyState annotation={HOLOS_BUILDPLANS_ANNOTATION} />
    );
  } else if (check.loading) {
    body = <Progress />;
  } else if (!check.allowed) {
    body = (
      <Alert severity="info" data-testid="permission-required">
        {t('holos.entity.permissionDenied', {
          reason:
            deniedReason(t, check, t('holos.entity.permissionAction')) ?? '',
        })}
      </Alert>
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error && errorStatus(error) === 404) {
    body = (
      <EmptyState
        missing="data"
        title={t('entityRenderPlan.notFoundTitle')}
        description={t('holos.entity.notFoundDescription', {
          message: errorMessage(error),
          annotation: HOLOS_BUILDPLANS_ANNOTATION,
          location: annotation,
        })}
        action={
          <Button variant="outlined" onClick={retry}>
            {t('entityRenderPlan.tryAgain')}
          </Button>
        }
      />
    );
  } else if (error && errorStatus(error) === 400) {
    body = (
      <ErrorState
        error={error}
        retry={retry}
        title={t('holos.entity.unreadableTitle', { location: annotation })}
      />
    );
  } else if (error) {
    body = <ErrorState error={error} retry={retry} />;
  } else if (value) {
    body = (
      <>
        <Box display="flex" alignItems="center" gap={2} mb={2}>
          <Typography variant="body2" data-testid="holos-location">
            {t('entityRenderPlan.readFrom')}{' '}
            <LocationText location={value.location} />
          </Typography>
          <Button
            variant="outlined"
            size="small"
            startIcon={<RefreshIcon />}
            onClick={retry}
          >
            {t('entityRenderPlan.refresh')}
          </Button>
        </Box>
        <HolosResultView result={value} />
      </>
    );
  }
  return <Content>{body}</Content>;
};

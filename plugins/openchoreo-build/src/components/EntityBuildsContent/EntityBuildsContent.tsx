import { stringifyEntityRef } from '@backstage/catalog-model';
import { Content } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { getOpenChoreoComponentRef } from '@openchoreo-build/plugin-openchoreo-build-common';
import Typography from '@mui/material/Typography';
import Stack from '@mui/material/Stack';
import {
  RUNS_PATH,
  RUN_PATH,
  entityContentRouteRef,
  entityRunRouteRef,
} from '../../routes';
import { openchoreoBuildTranslationRef } from '../../translation';
import { REQUIRED_COMPONENT_ANNOTATIONS } from '../common/componentAnnotations';
import { AutoBuildCard } from '../AutoBuild';
import { ComponentBuilds } from '../ComponentBuilds';
import { RunRoutes } from '../RunRoutes';

/**
 * The Builds tab of a catalog Component that is an OpenChoreo component, with run pages below it
 * (`runs/:namespace/:name`). An entity without the OpenChoreo annotations (a legacy app may mount
 * the tab without `isOpenChoreoBuildAvailable`) gets the catalog's missing-annotation state.
 */
export const EntityBuildsContent = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const { entity } = useEntity();
  const ref = getOpenChoreoComponentRef(entity);
  if (!ref) {
    return (
      <Content>
        <MissingAnnotationEmptyState
          annotation={REQUIRED_COMPONENT_ANNOTATIONS}
        />
      </Content>
    );
  }
  return (
    <Content>
      <Typography variant="body2" paragraph data-testid="openchoreo-ref">
        {t('entityBuilds.componentRef', {
          component: ref.component,
          project: ref.project,
          namespace: ref.namespace,
        })}
      </Typography>
      <RunRoutes
        runRoute={entityRunRouteRef}
        runPath={`${RUNS_PATH}/${RUN_PATH}`}
        backRoute={entityContentRouteRef}
        backLabel={t('entityBuilds.backLabel', { component: ref.component })}
        list={runLink => (
          <Stack spacing={3}>
            <ComponentBuilds
              target={ref}
              entityRef={stringifyEntityRef(entity)}
              runLink={runLink}
            />
            <AutoBuildCard target={ref} runLink={runLink} />
          </Stack>
        )}
      />
    </Content>
  );
};

import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  openchoreoBuildWorkflowReadPermission,
  type ComponentWorkflowSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router-dom';
import { useConfiguredNamespaces } from '../../hooks/useConfiguredNamespaces';
import { useWorkflows } from '../../hooks/useWorkflows';
import { ErrorState } from '../common/ErrorState';
import { planeKindText } from '../BuildPlanesPage/BuildPlaneCard';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
import { SelectFilter } from '../RunsTable';
import { ParametersTable } from './ParametersTable';
import { openchoreoBuildTranslationRef } from '../../translation';
import { SecretsTable } from './SecretsTable';

/** Where a v1 workflow's runs go and how long they are kept (v1.x deletes them after the TTL). */
const V1Facts = ({ workflow }: { workflow: ComponentWorkflowSummary }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    // A description list of term/definition pairs (axe: a <dl> holds only <dt>/<dd> groups).
    <Box
      component="dl"
      sx={{
        m: 0,
        mb: 1,
        display: 'grid',
        gridTemplateColumns: 'max-content auto',
        columnGap: 1,
        '& dt': { fontWeight: 'bold' },
        '& dd': { m: 0 },
      }}
      data-testid="workflow-v1-facts"
    >
      {workflow.workflowPlane && (
        <>
          <Typography variant="body2" component="dt">
            {t('workflowsTab.runsOn')}{' '}
          </Typography>
          <Typography variant="body2" component="dd">
            {planeKindText(t, workflow.workflowPlane.kind)}{' '}
            {workflow.workflowPlane.name}
          </Typography>
        </>
      )}
      <Typography variant="body2" component="dt">
        {t('workflowsTab.runsKept')}{' '}
      </Typography>
      <Typography variant="body2" component="dd">
        {workflow.ttlAfterCompletion
          ? t('workflowsTab.runsKeptFor', { ttl: workflow.ttlAfterCompletion })
          : t('workflowsTab.noLimit')}
      </Typography>
    </Box>
  );
};

const WorkflowCard = ({ workflow }: { workflow: ComponentWorkflowSummary }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const notReady = workflow.secrets.filter(s => s.status !== 'Ready').length;
  const template = workflow.runTemplate.workflowTemplateRef?.name;
  return (
    <InfoCard
      title={workflow.displayName ?? workflow.name}
      subheader={
        workflow.kind === 'ClusterWorkflow'
          ? t('workflowsTab.clusterScoped', {
              name: workflow.name,
              namespace: workflow.namespace,
            })
          : `${workflow.namespace}/${workflow.name}`
      }
    >
      <Box data-testid={`workflow-${workflow.namespace}-${workflow.name}`}>
        <Box display="flex" gap={1} mb={1} flexWrap="wrap">
          <Chip
            size="small"
            color="primary"
            variant="outlined"
            label={`${workflow.kind} · ${workflow.generation}`}
          />
          {workflow.ready ? (
            <Chip
              size="small"
              variant="outlined"
              label={t('workflowsTab.readyToBuild')}
            />
          ) : (
            <Chip
              size="small"
              variant="outlined"
              label={t('workflowsTab.secretsNotReady', { count: notReady })}
            />
          )}
          {template && (
            <Chip
              size="small"
              label={`${
                workflow.runTemplate.workflowTemplateRef?.clusterScope
                  ? 'ClusterWorkflowTemplate'
                  : 'WorkflowTemplate'
              } ${template}`}
            />
          )}
        </Box>
        {workflow.description && (
          <Typography variant="body2" paragraph>
            {workflow.description}
          </Typography>
        )}
        {workflow.generation === 'v1' && <V1Facts workflow={workflow} />}
        {workflow.schemaWarnings.map(w => (
          <Alert key={w} severity="warning" sx={{ mb: 1 }}>
            {t('workflowsTab.parameterLeftOut', { warning: w })}
          </Alert>
        ))}
        <Typography variant="h6" component="h3" sx={{ mt: 1 }}>
          {t('workflowsTab.parameters')}
        </Typography>
        <ParametersTable workflow={workflow} />
        <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
          {t('workflowsTab.secrets')}
        </Typography>
        <SecretsTable secrets={workflow.secrets} workflow={workflow.name} />
      </Box>
    </InfoCard>
  );
};

/** The ComponentWorkflows of one organization (from `?namespace=`) or all configured ones. */
export const WorkflowsList = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [search, setSearch] = useSearchParams();
  const namespace = search.get('namespace') || undefined;
  const namespaces = useConfiguredNamespaces(namespace);
  const { value, loading, error, retry } = useWorkflows(namespace);

  const select = (
    <SelectFilter
      label={t('workflowsTab.organization')}
      value={namespace}
      allLabel={t('workflowsTab.allOrganizations')}
      options={namespaces.map(ns => ({ value: ns, label: ns }))}
      onChange={chosen =>
        setSearch(current => {
          const next = new URLSearchParams(current);
          if (chosen) next.set('namespace', chosen);
          else next.delete('namespace');
          return next;
        })
      }
      sx={{ minWidth: 200, mb: 2 }}
    />
  );

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ErrorState error={error} retry={retry} />;
  else if (!value || value.items.length === 0) {
    body = (
      <EmptyState
        missing="info"
        title={t('workflowsTab.emptyTitle')}
        description={t('workflowsTab.emptyDescription', {
          where: namespace ?? t('workflowsTab.shownOrganizations'),
        })}
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        {value.items.map(w => (
          // A Workflow and a ClusterWorkflow may share a name.
          <Grid item xs={12} key={`${w.namespace}/${w.kind}/${w.name}`}>
            <WorkflowCard workflow={w} />
          </Grid>
        ))}
      </Grid>
    );
  }
  return (
    <>
      {select}
      {body}
    </>
  );
};

/**
 * The Workflows tab of the Builds page: build templates with their parameters and the secrets they
 * need (`openchoreo.build.workflow.read`).
 */
export const WorkflowsTab = () => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <>
      <Typography variant="body1" paragraph>
        {t('workflowsTab.intro')}
      </Typography>
      <RequirePlatformPermission
        permission={openchoreoBuildWorkflowReadPermission}
        what={t('workflowsTab.permissionSubject')}
      >
        <WorkflowsList />
      </RequirePlatformPermission>
    </>
  );
};

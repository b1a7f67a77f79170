import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import {
  openchoreoBuildWorkflowReadPermission,
  type ComponentWorkflowSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useSearchParams } from 'react-router-dom';
import { useConfiguredNamespaces } from '../../hooks/useConfiguredNamespaces';
import { useWorkflows } from '../../hooks/useWorkflows';
import { ErrorState } from '../common/ErrorState';
import { RequirePlatformPermission } from '../common/RequirePlatformPermission';
import { ParametersTable } from './ParametersTable';
import { SecretsTable } from './SecretsTable';

const WorkflowCard = ({ workflow }: { workflow: ComponentWorkflowSummary }) => {
  const notReady = workflow.secrets.filter(s => s.status !== 'Ready').length;
  const template = workflow.runTemplate.workflowTemplateRef?.name;
  return (
    <InfoCard
      title={workflow.displayName ?? workflow.name}
      subheader={`${workflow.namespace}/${workflow.name}`}
    >
      <Box data-testid={`workflow-${workflow.namespace}-${workflow.name}`}>
        <Box display="flex" gap={1} mb={1} flexWrap="wrap">
          {workflow.ready ? (
            <Chip size="small" variant="outlined" label="Ready to build" />
          ) : (
            <Chip
              size="small"
              variant="outlined"
              label={`${notReady} secret${notReady === 1 ? '' : 's'} not ready`}
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
        {workflow.schemaWarnings.map(w => (
          <Alert key={w} severity="warning" sx={{ mb: 1 }}>
            Parameter left out of the form: {w}
          </Alert>
        ))}
        <Typography variant="h6" component="h3" sx={{ mt: 1 }}>
          Parameters
        </Typography>
        <ParametersTable workflow={workflow} />
        <Typography variant="h6" component="h3" sx={{ mt: 2 }}>
          Secrets
        </Typography>
        <SecretsTable secrets={workflow.secrets} workflow={workflow.name} />
      </Box>
    </InfoCard>
  );
};

/** The ComponentWorkflows of one organization (from `?namespace=`) or all configured ones. */
export const WorkflowsList = () => {
  const [search, setSearch] = useSearchParams();
  const namespace = search.get('namespace') || undefined;
  const namespaces = useConfiguredNamespaces(namespace);
  const { value, loading, error, retry } = useWorkflows(namespace);

  const select = (
    <TextField
      select
      size="small"
      label="Organization"
      value={namespace ?? ''}
      onChange={event =>
        setSearch(current => {
          const next = new URLSearchParams(current);
          if (event.target.value) next.set('namespace', event.target.value);
          else next.delete('namespace');
          return next;
        })
      }
      sx={{ minWidth: 200, mb: 2 }}
    >
      <MenuItem value="">All organizations</MenuItem>
      {namespaces.map(ns => (
        <MenuItem key={ns} value={ns}>
          {ns}
        </MenuItem>
      ))}
    </TextField>
  );

  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ErrorState error={error} retry={retry} />;
  else if (!value || value.items.length === 0) {
    body = (
      <EmptyState
        missing="info"
        title="No workflows"
        description={`No ComponentWorkflow exists in ${
          namespace ?? 'the organizations this portal shows'
        }. Platform engineers install them with the OpenChoreo control-plane chart or kubectl apply.`}
      />
    );
  } else {
    body = (
      <Grid container spacing={3}>
        {value.items.map(w => (
          <Grid item xs={12} key={`${w.namespace}/${w.name}`}>
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
 * The Workflows page: build templates with their parameters and the secrets they need
 * (`openchoreo.build.workflow.read`).
 */
export const WorkflowsPage = () => (
  <Page themeId="tool">
    <Header
      title="Workflows"
      subtitle="The build templates (ComponentWorkflows) components can use, and what they need"
    />
    <Content>
      <RequirePlatformPermission
        permission={openchoreoBuildWorkflowReadPermission}
        what="the workflows"
      >
        <WorkflowsList />
      </RequirePlatformPermission>
    </Content>
  </Page>
);

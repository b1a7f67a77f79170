import { Link, Progress } from '@backstage/core-components';
import type {
  OpenChoreoComponentRef,
  WebhookDelivery,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import RefreshIcon from '@mui/icons-material/Refresh';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ResponseError } from '@backstage/errors';
import { useId } from 'react';
import { formatTime, shortCommit } from '../common/format';
import { COMPONENT_OUTCOME_CHIPS, relativeTime } from './deliveryFormat';
import { PROVIDER_LABELS } from './setupSteps';
import { useWebhookDeliveries } from './useWebhookDeliveries';

export interface RecentDeliveriesProps {
  target: OpenChoreoComponentRef;
  /** The component's branch and repository, for the empty state. */
  branch?: string;
  repository?: string;
  /** Where a run links to (its run page). */
  runLink: (run: { namespace: string; name: string }) => string;
}

function messageOf(error: Error): string {
  if (error instanceof ResponseError)
    return error.body?.error?.message || error.message;
  return error.message;
}

/** Why a delivery came to what it did: the answer its provider got, and this component's error. */
function outcomeStory(delivery: WebhookDelivery): string {
  return [delivery.message, delivery.error].filter(Boolean).join(' — ');
}

const DeliveryRow = ({
  delivery,
  runLink,
}: {
  delivery: WebhookDelivery;
  runLink: RecentDeliveriesProps['runLink'];
}) => {
  const chip = COMPONENT_OUTCOME_CHIPS[delivery.componentOutcome];
  return (
    <TableRow data-testid={`delivery-row-${delivery.id}`}>
      <TableCell>
        <Tooltip title={formatTime(delivery.receivedAt)} describeChild>
          <time dateTime={delivery.receivedAt}>
            {relativeTime(delivery.receivedAt)}
          </time>
        </Tooltip>
      </TableCell>
      <TableCell>
        <Tooltip
          title={`${delivery.event} delivery ${delivery.deliveryId}`}
          describeChild
        >
          <span>{PROVIDER_LABELS[delivery.provider]}</span>
        </Tooltip>
      </TableCell>
      <TableCell>{delivery.branch ?? '—'}</TableCell>
      <TableCell>
        {delivery.commit ? (
          <Tooltip title={delivery.commit} describeChild>
            <code>{shortCommit(delivery.commit)}</code>
          </Tooltip>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell>
        <Tooltip title={outcomeStory(delivery)} describeChild>
          <Chip
            size="small"
            variant="outlined"
            color={chip.color}
            label={chip.label}
          />
        </Tooltip>
      </TableCell>
      <TableCell>
        {delivery.runs.length === 0
          ? '—'
          : delivery.runs.map(run => (
              <Box key={`${run.namespace}/${run.name}`}>
                <Link to={runLink(run)}>{run.name}</Link>
              </Box>
            ))}
      </TableCell>
    </TableRow>
  );
};

/**
 * A component's recent webhook deliveries, like a Git host's delivery log: when, from which
 * provider, branch and commit, what it did for this component and the run it started. Only
 * deliveries whose signature the portal verified are recorded.
 */
export const RecentDeliveries = (props: RecentDeliveriesProps) => {
  const { target, branch, repository, runLink } = props;
  const { value, loading, error, retry } = useWebhookDeliveries(target);
  const headingId = useId();

  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not load recent deliveries:{' '}
        {error ? messageOf(error) : 'no answer'}
      </Alert>
    );
  } else if (value.items.length === 0) {
    body = (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="deliveries-empty"
      >
        No deliveries yet: push to {branch ? <code>{branch}</code> : 'a branch'}{' '}
        of {repository ? <code>{repository}</code> : 'the repository'} once the
        webhook is set up, and its delivery shows here.
      </Typography>
    );
  } else {
    body = (
      <TableContainer>
        <Table
          size="small"
          aria-label="Recent webhook deliveries"
          sx={{ '& th, & td': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell>Received</TableCell>
              <TableCell>Provider</TableCell>
              <TableCell>Branch</TableCell>
              <TableCell>Commit</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell>Runs</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.items.map(delivery => (
              <DeliveryRow
                key={delivery.id}
                delivery={delivery}
                runLink={runLink}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );
  }

  return (
    <Box component="section" aria-labelledby={headingId}>
      <Box display="flex" alignItems="center" gap={1}>
        <Typography id={headingId} variant="subtitle2" component="h3">
          Recent deliveries
        </Typography>
        <Tooltip title="Refresh deliveries">
          <span>
            <IconButton
              size="small"
              aria-label="Refresh deliveries"
              onClick={retry}
              disabled={loading}
            >
              <RefreshIcon fontSize="small" />
            </IconButton>
          </span>
        </Tooltip>
      </Box>
      {body}
      <Typography variant="caption" color="text.secondary">
        Deliveries refused for a wrong signature or secret are not listed: your
        Git host’s delivery log shows them.
      </Typography>
    </Box>
  );
};

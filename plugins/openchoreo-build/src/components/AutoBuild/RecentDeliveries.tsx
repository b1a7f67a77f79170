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
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useElementId } from '../../hooks/useElementId';
import { formatRelativeTime, formatTime, shortCommit } from '../common/format';
import { openchoreoBuildTranslationRef } from '../../translation';
import { COMPONENT_OUTCOME_COLORS } from './deliveryFormat';
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
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <TableRow data-testid={`delivery-row-${delivery.id}`}>
      <TableCell>
        <Tooltip title={formatTime(delivery.receivedAt)} describeChild>
          <time dateTime={delivery.receivedAt}>
            {formatRelativeTime(delivery.receivedAt)}
          </time>
        </Tooltip>
      </TableCell>
      <TableCell>
        <Tooltip
          title={t('recentDeliveries.deliveryTooltip', {
            event: delivery.event,
            deliveryId: delivery.deliveryId,
          })}
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
            color={COMPONENT_OUTCOME_COLORS[delivery.componentOutcome]}
            label={t(`recentDeliveries.outcome.${delivery.componentOutcome}`)}
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
  const headingId = useElementId();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);

  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error || !value) {
    body = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            {t('recentDeliveries.retry')}
          </Button>
        }
      >
        {t('recentDeliveries.loadFailed', {
          message: error ? messageOf(error) : t('recentDeliveries.noAnswer'),
        })}
      </Alert>
    );
  } else if (value.items.length === 0) {
    body = (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="deliveries-empty"
      >
        {t('recentDeliveries.empty', {
          branch: branch ? (
            <code>{branch}</code>
          ) : (
            t('recentDeliveries.aBranch')
          ),
          repository: repository ? (
            <code>{repository}</code>
          ) : (
            t('recentDeliveries.theRepository')
          ),
        })}
      </Typography>
    );
  } else {
    body = (
      <TableContainer>
        <Table
          size="small"
          aria-label={t('recentDeliveries.tableLabel')}
          sx={{ '& th, & td': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell>{t('recentDeliveries.columns.received')}</TableCell>
              <TableCell>{t('recentDeliveries.columns.provider')}</TableCell>
              <TableCell>{t('recentDeliveries.columns.branch')}</TableCell>
              <TableCell>{t('recentDeliveries.columns.commit')}</TableCell>
              <TableCell>{t('recentDeliveries.columns.outcome')}</TableCell>
              <TableCell>{t('recentDeliveries.columns.runs')}</TableCell>
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
          {t('recentDeliveries.heading')}
        </Typography>
        <Tooltip title={t('recentDeliveries.refresh')}>
          <span>
            <IconButton
              size="small"
              aria-label={t('recentDeliveries.refresh')}
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
        {t('recentDeliveries.refusedNotListed')}
      </Typography>
    </Box>
  );
};

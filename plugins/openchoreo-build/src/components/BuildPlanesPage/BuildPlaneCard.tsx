import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type {
  BuildPlaneDetail,
  BuildPlaneSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { openChoreoBuildApiRef } from '../../api';
import { errorMessage } from '../../api/fieldErrors';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';
import { formatTime } from '../common/format';

type Translate = OpenChoreoBuildTranslate;

/** What a plane is: a v0 BuildPlane, or a v1.x WorkflowPlane / ClusterWorkflowPlane. */
export function planeKindText(
  t: Translate,
  kind: BuildPlaneSummary['kind'],
): string {
  return t(`buildPlaneCard.kind.${kind}`);
}

/** The test id of a plane's card; a v1 WorkflowPlane and ClusterWorkflowPlane may share a name. */
export const planeTestId = (plane: BuildPlaneSummary) =>
  `${plane.kind === 'BuildPlane' ? 'buildplane' : plane.kind.toLowerCase()}-${
    plane.namespace
  }-${plane.name}`;

export const HealthStatus = ({
  status,
  children,
}: {
  status: string;
  children?: ReactNode;
}) => {
  const text = children ?? status;
  switch (status) {
    case 'Healthy':
    case 'ok':
      return <StatusOK>{text}</StatusOK>;
    case 'Degraded':
      return <StatusWarning>{text}</StatusWarning>;
    case 'Unreachable':
    case 'failed':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
};

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <TableRow>
    <TableCell component="th" scope="row" sx={{ width: 200, fontWeight: 500 }}>
      {label}
    </TableCell>
    <TableCell>{children}</TableCell>
  </TableRow>
);

const OBSERVER_SOURCE_KEY = {
  inline: 'fromInline',
  observabilityPlane: 'fromObservabilityPlane',
  config: 'fromConfig',
} as const;

function observerText(t: Translate, plane: BuildPlaneSummary): string {
  const o = plane.observer;
  if (o.source === 'none') return t('buildPlaneCard.observer.none');
  const where =
    o.url ??
    (o.observabilityPlaneRef
      ? t('buildPlaneCard.observer.observabilityPlane', {
          ref: o.observabilityPlaneRef,
        })
      : t('buildPlaneCard.observer.unknownUrl'));
  return t('buildPlaneCard.observer.summary', {
    where,
    from: t(`buildPlaneCard.observer.${OBSERVER_SOURCE_KEY[o.source]}`),
    authentication:
      o.authentication === 'none'
        ? t('buildPlaneCard.observer.noAuthentication')
        : t('buildPlaneCard.observer.authentication', {
            method: o.authentication,
          }),
  });
}

function agentConnectionText(
  t: Translate,
  agent: NonNullable<BuildPlaneSummary['agent']>,
): string {
  if (agent.connected === undefined) {
    return t('buildPlaneCard.agent.stateUnknown');
  }
  if (!agent.connected) return t('buildPlaneCard.agent.notConnected');
  return t('buildPlaneCard.agent.connected', {
    count: agent.connectedAgents ?? 1,
  });
}

/** Live reachability checks, as `GET /buildplanes/:ns/:name` answered them. */
const Checks = ({ detail }: { detail: BuildPlaneDetail }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Box mt={2} data-testid={`checks-${detail.name}`}>
      <Typography variant="subtitle2" component="h4">
        {t('buildPlaneCard.checks.checkedAt', {
          time: formatTime(detail.checkedAt),
        })}
      </Typography>
      <Table
        size="small"
        aria-label={t('buildPlaneCard.checks.tableLabel', {
          name: detail.name,
        })}
      >
        <TableHead>
          <TableRow>
            <TableCell>{t('buildPlaneCard.checks.target')}</TableCell>
            <TableCell>{t('buildPlaneCard.checks.result')}</TableCell>
            <TableCell>{t('buildPlaneCard.checks.probed')}</TableCell>
            <TableCell>{t('buildPlaneCard.checks.details')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {detail.checks.map(check => (
            <TableRow key={`${check.target}-${check.url ?? check.description}`}>
              <TableCell>
                {t(`buildPlaneCard.target.${check.target}`)}
              </TableCell>
              <TableCell>
                <HealthStatus status={check.status} />
              </TableCell>
              <TableCell>{check.description}</TableCell>
              <TableCell>
                {[
                  check.httpStatus !== undefined
                    ? `HTTP ${check.httpStatus}`
                    : undefined,
                  check.latencyMs !== undefined
                    ? `${Math.round(check.latencyMs)} ms`
                    : undefined,
                  check.message,
                ]
                  .filter(Boolean)
                  .join(' · ') || '—'}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/**
 * One plane (BuildPlane, or v1.x WorkflowPlane / ClusterWorkflowPlane): how the portal reaches it,
 * its agent and observer, problems, and "Check now".
 */
export const BuildPlaneCard = ({ plane }: { plane: BuildPlaneSummary }) => {
  const api = useApi(openChoreoBuildApiRef);
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [checking, setChecking] = useState(false);
  const [detail, setDetail] = useState<BuildPlaneDetail>();
  const [checkError, setCheckError] = useState<string>();

  const check = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      setDetail(
        plane.kind === 'BuildPlane'
          ? await api.checkBuildPlane(plane.namespace, plane.name)
          : await api.checkBuildPlane(plane.namespace, plane.name, plane.kind),
      );
    } catch (error) {
      setCheckError(errorMessage(error));
    } finally {
      setChecking(false);
    }
  };

  const title = plane.displayName ?? plane.name;
  return (
    <InfoCard
      title={title}
      subheader={
        plane.kind === 'ClusterWorkflowPlane'
          ? t('buildPlaneCard.clusterScoped', {
              name: plane.name,
              namespace: plane.namespace,
            })
          : `${plane.namespace}/${plane.name}`
      }
      action={
        <Button
          variant="outlined"
          onClick={() => void check()}
          disabled={checking}
          aria-label={
            plane.kind === 'BuildPlane'
              ? t('buildPlaneCard.checkNowLabel', { title })
              : t('buildPlaneCard.checkNowKindLabel', {
                  title,
                  kind: planeKindText(t, plane.kind),
                })
          }
        >
          {checking
            ? t('buildPlaneCard.checking')
            : t('buildPlaneCard.checkNow')}
        </Button>
      }
    >
      <Box data-testid={planeTestId(plane)}>
        {plane.description && (
          <Typography variant="body2" paragraph>
            {plane.description}
          </Typography>
        )}
        <Box display="flex" gap={1} mb={1} flexWrap="wrap">
          <Chip
            size="small"
            variant="outlined"
            label={planeKindText(t, plane.kind)}
          />
          <Chip
            size="small"
            label={t('buildPlaneCard.modeChip', { mode: plane.mode })}
          />
          <Chip
            size="small"
            label={t('buildPlaneCard.generationChip', {
              generation: plane.generation,
            })}
          />
          {/* v0 builds on the first BuildPlane; v1.x workflows name their plane (workflowPlaneRef). */}
          {plane.kind === 'BuildPlane' &&
            (plane.active ? (
              <Chip
                size="small"
                color="primary"
                label={t('buildPlaneCard.active')}
              />
            ) : (
              <Chip size="small" label={t('buildPlaneCard.notUsed')} />
            ))}
        </Box>
        <Table
          size="small"
          aria-label={t('buildPlaneCard.detailsLabel', { title })}
        >
          <TableBody>
            <Row label={t('buildPlaneCard.rows.health')}>
              <HealthStatus status={plane.health.status}>
                {plane.health.status}
                {plane.health.message ? `: ${plane.health.message}` : ''}
              </HealthStatus>
            </Row>
            <Row label={t('buildPlaneCard.rows.connection')}>
              {t(`buildPlaneCard.mode.${plane.mode}`)}
            </Row>
            <Row label={t('buildPlaneCard.rows.authentication')}>
              {plane.authMethod}
            </Row>
            {plane.apiServerURL && (
              <Row label={t('buildPlaneCard.rows.apiServer')}>
                {plane.apiServerURL}
              </Row>
            )}
            {plane.agent && (
              <Row label={t('buildPlaneCard.rows.agent')}>
                {[
                  t('buildPlaneCard.agent.planeId', {
                    id: plane.agent.planeID,
                  }),
                  agentConnectionText(t, plane.agent),
                  plane.agent.lastHeartbeatTime
                    ? t('buildPlaneCard.agent.lastHeartbeat', {
                        time: formatTime(plane.agent.lastHeartbeatTime),
                      })
                    : undefined,
                  plane.agent.gatewayConfigured
                    ? undefined
                    : t('buildPlaneCard.agent.noGateway'),
                ]
                  .filter(Boolean)
                  .join('; ')}
              </Row>
            )}
            <Row label={t('buildPlaneCard.rows.observer')}>
              {observerText(t, plane)}
            </Row>
            <Row label={t('buildPlaneCard.rows.capabilities')}>
              {plane.capabilities.watch
                ? t('buildPlaneCard.capabilities.watch')
                : t('buildPlaneCard.capabilities.noWatch')}{' '}
              ·{' '}
              {plane.capabilities.followLogs
                ? t('buildPlaneCard.capabilities.follow')
                : t('buildPlaneCard.capabilities.polled')}
            </Row>
            {plane.createdAt && (
              <Row label={t('buildPlaneCard.rows.created')}>
                {formatTime(plane.createdAt)}
              </Row>
            )}
          </TableBody>
        </Table>
        {plane.problems.map(problem => (
          <Alert key={problem} severity="warning" sx={{ mt: 1 }}>
            {problem}
          </Alert>
        ))}
        {checkError && (
          <Alert severity="error" sx={{ mt: 1 }} role="alert">
            {t('buildPlaneCard.checks.failed', { message: checkError })}
          </Alert>
        )}
        {detail && <Checks detail={detail} />}
      </Box>
    </InfoCard>
  );
};

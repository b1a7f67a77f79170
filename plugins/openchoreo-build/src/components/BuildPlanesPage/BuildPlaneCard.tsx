import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type {
  BuildPlaneDetail,
  BuildPlaneSummary,
  ReachabilityCheck,
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
import { formatTime } from '../common/format';

const MODE_TEXT: Record<BuildPlaneSummary['mode'], string> = {
  agent: 'Agent (through the cluster gateway; logs are polled)',
  direct: "Direct (the plane's Kubernetes API)",
  unconfigured: 'Unconfigured (no way to reach it)',
};

/** What a plane is: a v0 BuildPlane, or a v1.x WorkflowPlane / ClusterWorkflowPlane. */
export const PLANE_KIND_TEXT: Record<BuildPlaneSummary['kind'], string> = {
  BuildPlane: 'Build plane',
  WorkflowPlane: 'Workflow plane',
  ClusterWorkflowPlane: 'Workflow plane (cluster-scoped)',
};

/** The test id of a plane's card; a v1 WorkflowPlane and ClusterWorkflowPlane may share a name. */
export const planeTestId = (plane: BuildPlaneSummary) =>
  `${plane.kind === 'BuildPlane' ? 'buildplane' : plane.kind.toLowerCase()}-${
    plane.namespace
  }-${plane.name}`;

const TARGET_TEXT: Record<ReachabilityCheck['target'], string> = {
  kubernetesApi: 'Kubernetes API',
  clusterGateway: 'Cluster gateway',
  observer: 'Observer',
};

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

const OBSERVER_SOURCE_TEXT: Record<
  BuildPlaneSummary['observer']['source'],
  string
> = {
  inline: 'from the BuildPlane',
  observabilityPlane: 'from its ObservabilityPlane',
  config: 'from the portal configuration',
  none: '',
};

function observerText(plane: BuildPlaneSummary): string {
  const o = plane.observer;
  if (o.source === 'none') return 'None: archived logs are not available';
  const where =
    o.url ??
    (o.observabilityPlaneRef
      ? `observability plane ${o.observabilityPlaneRef}`
      : 'unknown URL');
  const from = OBSERVER_SOURCE_TEXT[o.source];
  return `${where} (${from}; ${
    o.authentication === 'none'
      ? 'no authentication'
      : `${o.authentication} authentication`
  })`;
}

function agentConnectionText(
  agent: NonNullable<BuildPlaneSummary['agent']>,
): string {
  if (agent.connected === undefined) {
    return 'connection state unknown (reported from OpenChoreo v0.12)';
  }
  if (!agent.connected) return 'not connected';
  const count = agent.connectedAgents ?? 1;
  return `connected (${count} agent${count === 1 ? '' : 's'})`;
}

/** Live reachability checks, as `GET /buildplanes/:ns/:name` answered them. */
const Checks = ({ detail }: { detail: BuildPlaneDetail }) => (
  <Box mt={2} data-testid={`checks-${detail.name}`}>
    <Typography variant="subtitle2" component="h4">
      Checked {formatTime(detail.checkedAt)}
    </Typography>
    <Table size="small" aria-label={`Reachability of ${detail.name}`}>
      <TableHead>
        <TableRow>
          <TableCell>Target</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>What was probed</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {detail.checks.map(check => (
          <TableRow key={`${check.target}-${check.url ?? check.description}`}>
            <TableCell>{TARGET_TEXT[check.target] ?? check.target}</TableCell>
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

/**
 * One plane (BuildPlane, or v1.x WorkflowPlane / ClusterWorkflowPlane): how the portal reaches it,
 * its agent and observer, problems, and "Check now".
 */
export const BuildPlaneCard = ({ plane }: { plane: BuildPlaneSummary }) => {
  const api = useApi(openChoreoBuildApiRef);
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
          ? `${plane.name} (cluster-scoped, listed for ${plane.namespace})`
          : `${plane.namespace}/${plane.name}`
      }
      action={
        <Button
          variant="outlined"
          onClick={() => void check()}
          disabled={checking}
          aria-label={
            plane.kind === 'BuildPlane'
              ? `Check now: ${title}`
              : `Check now: ${title} (${PLANE_KIND_TEXT[plane.kind]})`
          }
        >
          {checking ? 'Checking…' : 'Check now'}
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
            label={PLANE_KIND_TEXT[plane.kind] ?? plane.kind}
          />
          <Chip size="small" label={`Mode: ${plane.mode}`} />
          <Chip size="small" label={`Generation: ${plane.generation}`} />
          {/* v0 builds on the first BuildPlane; v1.x workflows name their plane (workflowPlaneRef). */}
          {plane.kind === 'BuildPlane' &&
            (plane.active ? (
              <Chip
                size="small"
                color="primary"
                label="Active for this organization"
              />
            ) : (
              <Chip size="small" label="Not used (not the first BuildPlane)" />
            ))}
        </Box>
        <Table size="small" aria-label={`Details of ${title}`}>
          <TableBody>
            <Row label="Health">
              <HealthStatus status={plane.health.status}>
                {plane.health.status}
                {plane.health.message ? `: ${plane.health.message}` : ''}
              </HealthStatus>
            </Row>
            <Row label="Connection">{MODE_TEXT[plane.mode] ?? plane.mode}</Row>
            <Row label="Authentication">{plane.authMethod}</Row>
            {plane.apiServerURL && (
              <Row label="API server">{plane.apiServerURL}</Row>
            )}
            {plane.agent && (
              <Row label="Agent">
                {[
                  `plane ID ${plane.agent.planeID}`,
                  agentConnectionText(plane.agent),
                  plane.agent.lastHeartbeatTime
                    ? `last heartbeat ${formatTime(
                        plane.agent.lastHeartbeatTime,
                      )}`
                    : undefined,
                  plane.agent.gatewayConfigured
                    ? undefined
                    : 'the portal has no cluster gateway URL configured',
                ]
                  .filter(Boolean)
                  .join('; ')}
              </Row>
            )}
            <Row label="Observer">{observerText(plane)}</Row>
            <Row label="Capabilities">
              {plane.capabilities.watch ? 'watch' : 'no watch (polled)'} ·{' '}
              {plane.capabilities.followLogs
                ? 'live log follow'
                : 'logs polled'}
            </Row>
            {plane.createdAt && (
              <Row label="Created">{formatTime(plane.createdAt)}</Row>
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
            The check could not run: {checkError}
          </Alert>
        )}
        {detail && <Checks detail={detail} />}
      </Box>
    </InfoCard>
  );
};

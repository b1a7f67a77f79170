import { InfoCard, Link } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunDetail } from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { durationOf, formatDuration, formatTime } from '../common/format';
import { RunStatus } from '../RunStatus';
import { openchoreoBuildTranslationRef } from '../../translation';

/** `docker.filePath=./Dockerfile` lines from nested parameters. */
export function flattenParameters(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(
      ([key, child]) =>
        flattenParameters(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  return prefix
    ? [`${prefix}=${typeof value === 'string' ? value : JSON.stringify(value)}`]
    : [];
}

const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box>
    <Typography variant="overline" component="dt" color="text.secondary">
      {label}
    </Typography>
    <Typography
      variant="body2"
      component="dd"
      sx={{ m: 0, wordBreak: 'break-all' }}
    >
      {children ?? '—'}
    </Typography>
  </Box>
);

/**
 * Status, workflow, repository, branch, commit, image, the pull request a GitOps release opened,
 * times and build plane of a run.
 */
export const RunSummaryCard = ({ run }: { run: RunDetail }) => {
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const plane = run.execution.buildPlane;
  return (
    <InfoCard title={t('runPage.summary')}>
      <Box
        component="dl"
        data-testid="run-summary"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
          gap: 2,
          m: 0,
        }}
      >
        <Item label={t('runPage.summaryItems.status')}>
          <span data-testid="run-status">
            <RunStatus status={run.status} />
          </span>
        </Item>
        <Item label={t('runPage.summaryItems.workflow')}>
          {run.workflow && run.workflowKind && run.generation === 'v1'
            ? `${run.workflow} (${run.workflowKind})`
            : run.workflow}
        </Item>
        <Item label={t('runPage.summaryItems.component')}>
          {run.project && run.component
            ? `${run.project} / ${run.component}`
            : run.component}
        </Item>
        <Item label={t('runPage.summaryItems.repository')}>
          {run.repository.url}
        </Item>
        <Item label={t('runPage.summaryItems.branch')}>
          {run.repository.branch}
        </Item>
        <Item label={t('runPage.summaryItems.commit')}>
          {run.repository.commit ?? t('runsTable.latestCommit')}
        </Item>
        <Item label={t('runPage.summaryItems.appPath')}>
          {run.repository.appPath}
        </Item>
        <Item label={t('runPage.summaryItems.image')}>{run.image}</Item>
        {run.createdBy && (
          <Item label={t('runPage.summaryItems.startedBy')}>
            {run.createdBy}
          </Item>
        )}
        {run.pullRequestUrl && (
          <Item label={t('runPage.summaryItems.pullRequest')}>
            {/* The backend passes only links that its rule found safe (`safeClusterLink`). */}
            <Link
              to={run.pullRequestUrl}
              target="_blank"
              rel="noopener noreferrer"
              externalLinkIcon
              aria-label={t('runPageDetails.pullRequestLabel', {
                url: run.pullRequestUrl,
              })}
            >
              {run.pullRequestUrl}
            </Link>
          </Item>
        )}
        <Item label={t('runPage.summaryItems.started')}>
          {formatTime(run.startedAt ?? run.createdAt)}
        </Item>
        <Item label={t('runPage.summaryItems.finished')}>
          {run.completedAt ? formatTime(run.completedAt) : undefined}
        </Item>
        <Item label={t('runPage.summaryItems.duration')}>
          {formatDuration(durationOf(run), t)}
        </Item>
        <Item label={t('runPage.summaryItems.buildPlane')}>
          {plane
            ? `${plane.namespace}/${plane.name} (${plane.mode})`
            : undefined}
        </Item>
        <Item label={t('runPage.summaryItems.argoWorkflow')}>
          {run.execution.name
            ? `${run.execution.namespace ?? ''}/${run.execution.name}${
                run.execution.phase ? ` (${run.execution.phase})` : ''
              }`
            : undefined}
        </Item>
      </Box>
      <Typography
        variant="overline"
        component="h3"
        color="text.secondary"
        sx={{ mt: 2, display: 'block' }}
      >
        {t('runPageDetails.summary.parameters')}
      </Typography>
      <Box
        component="ul"
        data-testid="run-parameters"
        sx={{ m: 0, pl: 2, fontFamily: 'monospace', fontSize: 13 }}
      >
        {flattenParameters(run.spec.workflow?.parameters).map(line => (
          <li key={line}>{line}</li>
        ))}
        {flattenParameters(run.spec.workflow?.parameters).length === 0 && (
          <li>{t('runPageDetails.summary.noParameters')}</li>
        )}
      </Box>
      {run.execution.expired && (
        <Typography variant="body2" sx={{ mt: 2 }}>
          {t('runPageDetails.summary.workflowExpired')}
        </Typography>
      )}
      {run.execution.error && (
        <Typography variant="body2" color="error" sx={{ mt: 2 }}>
          {t('runPageDetails.summary.stepsUnreadable', {
            error: run.execution.error,
          })}
        </Typography>
      )}
    </InfoCard>
  );
};

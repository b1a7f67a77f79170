import { Progress } from '@backstage/core-components';
import type {
  RunDetail,
  RunStep,
  RunSummary,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorStatus } from '../../api/fieldErrors';
import { useRun } from '../../hooks/useRun';
import { openchoreoBuildTranslationRef } from '../../translation';
import { ErrorState } from '../common/ErrorState';
import { runKindLabel } from '../common/runGeneration';
import { LiveIndicator } from '../RunsTable';
import {
  formatLineRange,
  LogViewer,
  parseLineRange,
  type LineRange,
} from '../LogViewer';
import { ConditionsTable } from './ConditionsTable';
import { CopyPermalinkButton } from './CopyPermalinkButton';
import { RunActions } from './RunActions';
import { RunBreadcrumbs } from './RunBreadcrumbs';
import { RunDeletedBanner } from './RunDeletedBanner';
import { RunDiagnosisPanel } from './RunDiagnosisPanel';
import { RunSummaryCard } from './RunSummaryCard';
import { StepOutputs } from './StepOutputs';
import { findStep, StepTimeline } from './StepTimeline';
import { offersWholeRunLog, WholeRunLogCard } from './WholeRunLog';

/** The step to show when the URL names none: the failed one, else the running one, else the last. */
export function defaultStep(run: RunDetail): RunStep | undefined {
  return (
    run.steps.find(s => s.phase === 'Failed' || s.phase === 'Error') ??
    run.steps.find(s => s.phase === 'Running') ??
    run.steps[run.steps.length - 1]
  );
}

/** Props of {@link RunPage}. */
export interface RunPageProps {
  namespace: string;
  name: string;
  /** Link to another run's page (used after a re-run). */
  runLink: (run: Pick<RunSummary, 'namespace' | 'name'>) => string;
  /** Link back to the list the user came from. */
  backLink: string;
  backLabel: string;
}

/**
 * One run: summary, conditions, steps and the selected step's log, with Re-run and Cancel; the
 * selected step and log lines live in the URL (`?step=<step id>&line=42`, or `line=10-20`).
 */
export const RunPage = (props: RunPageProps) => {
  const { namespace, name, runLink, backLink, backLabel } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const {
    value: run,
    loading,
    error,
    retry,
    refresh,
    live,
  } = useRun(namespace, name);
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  // A diagnosis link opens the log afresh at its line, even when that step's log is already shown.
  const [logOpenings, setLogOpenings] = useState(0);
  const logCard = useRef<HTMLDivElement>(null);

  // The header's right side: the live indicator and, once the run is shown, Copy link.
  const header = (permalink?: { step?: string; lines?: LineRange }) => (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="space-between"
      flexWrap="wrap"
      gap={2}
      mb={2}
    >
      <Box>
        <RunBreadcrumbs
          namespace={namespace}
          name={name}
          backLink={backLink}
          backLabel={backLabel}
        />
        <Typography variant="h5" component="h2" sx={{ mt: 1 }}>
          {t('runPage.title', { name })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('runPage.organization', { namespace })}
          {/* Which API the run belongs to: OpenChoreo v0.x and v1.x organizations sit side by side. */}
          {run && <span data-testid="run-kind"> · {runKindLabel(run)}</span>}
        </Typography>
      </Box>
      <Box display="flex" alignItems="center" gap={2}>
        {run && <LiveIndicator state={live.state} error={live.error} />}
        {permalink && (
          <CopyPermalinkButton step={permalink.step} lines={permalink.lines} />
        )}
      </Box>
    </Box>
  );

  if (loading) {
    return (
      <Box>
        {header()}
        <Progress />
      </Box>
    );
  }
  if (error || !run) {
    return (
      <Box>
        {header()}
        <ErrorState
          error={error ?? new Error(t('runPage.notFound', { name }))}
          retry={retry}
          title={
            errorStatus(error) === 404
              ? t('runPage.notFound', { name })
              : undefined
          }
        />
      </Box>
    );
  }

  // `?step=` holds the step id (names repeat in nested templates); older links with a name still work.
  const stepName = search.get('step') ?? defaultStep(run)?.id;
  const step = findStep(run.steps, stepName);
  // When the build plane has no steps any more (the workflow's TTL passed), the step named in the
  // URL is still shown: its log comes from the archive, and the log route says if it is unknown.
  const logStep =
    step?.id ?? (stepName && run.stepsSource === 'none' ? stepName : undefined);
  const logTitle = step ? step.displayPath ?? step.name : logStep;
  // `?line=42` or `?line=10-20`; a malformed value opens the log following its end.
  const lineRange = parseLineRange(search.get('line'));

  const selectStep = (selected: RunStep) => {
    setSearch(
      current => {
        const next = new URLSearchParams(current);
        next.set('step', selected.id);
        next.delete('line');
        return next;
      },
      { replace: false },
    );
  };

  // The selected lines replace the current history entry: a reload opens the log at them.
  const selectLines = (range: LineRange | undefined) => {
    setSearch(
      current => {
        const next = new URLSearchParams(current);
        if (logStep) next.set('step', logStep);
        if (range === undefined) next.delete('line');
        else next.set('line', formatLineRange(range));
        return next;
      },
      { replace: true },
    );
  };

  return (
    <Box>
      {header({ step: logStep, lines: lineRange })}
      <Grid container spacing={3}>
        {run.deleted && (
          <Grid item xs={12}>
            <RunDeletedBanner deleted={run.deleted} />
          </Grid>
        )}
        <Grid item xs={12}>
          <RunActions
            run={run}
            onRerun={created => navigate(runLink(created))}
            onCancelled={refresh}
          />
        </Grid>
        <Grid item xs={12}>
          <RunSummaryCard run={run} />
        </Grid>
        {run.diagnosis?.length > 0 && (
          <Grid item xs={12}>
            <RunDiagnosisPanel
              diagnosis={run.diagnosis}
              onOpenLog={() => {
                setLogOpenings(n => n + 1);
                logCard.current?.scrollIntoView?.({ block: 'start' });
              }}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <StepTimeline run={run} selected={step?.id} onSelect={selectStep} />
        </Grid>
        <Grid item xs={12} ref={logCard}>
          <InfoCard
            title={
              logTitle
                ? t('runPage.logOf', { step: logTitle })
                : t('runPage.log')
            }
          >
            {step && <StepOutputs step={step} />}
            {logStep ? (
              <Box key={`${logStep}#${logOpenings}`} data-testid="step-logs">
                <LogViewer
                  namespace={run.namespace}
                  runName={run.name}
                  step={logStep}
                  initialRange={lineRange}
                  onRangeLinkChange={selectLines}
                  height={520}
                />
              </Box>
            ) : (
              <Typography variant="body2">
                {stepName
                  ? t('runPage.noSuchStep', { step: stepName })
                  : t('runPage.pickStep')}
              </Typography>
            )}
          </InfoCard>
        </Grid>
        {offersWholeRunLog(run) && (
          <Grid item xs={12}>
            <WholeRunLogCard run={run} />
          </Grid>
        )}
        <Grid item xs={12}>
          <ConditionsTable conditions={run.conditions} />
        </Grid>
      </Grid>
    </Box>
  );
};

import { Link } from '@backstage/core-components';
import type {
  RunDiagnosis,
  RunDiagnosisSeverity,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert, { type AlertColor } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useLocation } from 'react-router-dom';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { openchoreoBuildTranslationRef } from '../../translation';

const ALERT_COLOR: Record<RunDiagnosisSeverity, AlertColor> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
};

/** Props of {@link RunDiagnosisPanel}. */
export interface RunDiagnosisPanelProps {
  diagnosis: RunDiagnosis[];
  /**
   * Called when a log link is followed (the link itself puts `?step=&line=` in the URL), e.g. to
   * bring the log into view.
   */
  onOpenLog?(step: string, line: number): void;
}

/** `?step=<step>&line=<line>` on the current page: how the run page selects a step's log line. */
function useLogLink(): (step: string, line: number) => string {
  const location = useLocation();
  return (step, line) => {
    const params = new URLSearchParams(location.search);
    params.set('step', step);
    params.set('line', String(line));
    return `${location.pathname}?${params}`;
  };
}

function Finding(props: {
  item: RunDiagnosis;
  logLink: (step: string, line: number) => string;
  onOpenLog?: RunDiagnosisPanelProps['onOpenLog'];
}) {
  const { item, logLink, onOpenLog } = props;
  const ref = item.logRef;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Alert
      severity={ALERT_COLOR[item.severity]}
      // Static findings: only errors interrupt a screen reader.
      role={item.severity === 'error' ? 'alert' : 'status'}
      data-diagnosis-id={item.id}
    >
      <AlertTitle>{item.title}</AlertTitle>
      <Typography variant="body2">{item.detail}</Typography>
      <Typography variant="body2" sx={{ mt: 1 }}>
        <strong>{t('diagnosis.howToFix')}</strong> {item.fix}
      </Typography>
      {ref && (
        <Box sx={{ mt: 1 }}>
          <Link
            to={logLink(ref.step, ref.line)}
            onClick={() => onOpenLog?.(ref.step, ref.line)}
          >
            {t('diagnosis.openLogAt', {
              step: ref.stepName ?? ref.step,
              line: String(ref.line),
            })}
          </Link>
          <Box
            component="pre"
            sx={{
              m: 0,
              mt: 0.5,
              p: 1,
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
              fontFamily: 'monospace',
              fontSize: '0.8125rem',
              bgcolor: 'action.hover',
              borderRadius: 1,
            }}
          >
            {ref.text}
          </Box>
        </Box>
      )}
    </Alert>
  );
}

/**
 * Why a run is stuck or failed, as the backend diagnosed it (`RunDetail.diagnosis`): one alert per
 * finding, errors first, each with what was seen, how to fix it and, when a log line shows it, a
 * link that opens the step's log at that line. Renders nothing when there is nothing to say.
 */
export function RunDiagnosisPanel(props: RunDiagnosisPanelProps) {
  const logLink = useLogLink();
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  if (props.diagnosis.length === 0) return null;
  return (
    <Stack
      spacing={1}
      component="section"
      aria-label={t('diagnosis.sectionLabel')}
    >
      {props.diagnosis.map((item, index) => (
        <Finding
          key={`${item.id}:${index}`}
          item={item}
          logLink={logLink}
          onOpenLog={props.onOpenLog}
        />
      ))}
    </Stack>
  );
}

import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { useEffect, useRef } from 'react';
import { openChoreoBuildApiRef, type StepLogPage } from '../../api';
import { errorMessage, errorStatus } from '../../api/fieldErrors';
import { useRefreshable } from '../../hooks/useRefreshable';

/**
 * Props of {@link StepLogs}: the contract the run page relies on, so the full log viewer can
 * replace this component without touching the run page.
 */
export interface StepLogsProps {
  /** Organization (namespace) of the run. */
  namespace: string;
  /** Name of the ComponentWorkflowRun. */
  runName: string;
  /** Step name as listed in the run's steps (e.g. `build-step`). */
  step: string;
  /** 1-based line to scroll to and highlight (from the URL). */
  lineAnchor?: number;
  /** Refresh while the step is still running. */
  follow?: boolean;
  /** Link of a line, for line anchors (`?step=…&line=N`). */
  lineHref?: (line: number) => string;
}

interface LogLine {
  number: number;
  text: string;
  timestamp?: string;
}

/** Reads the lines of a `follow=false` page, whatever the exact field names turn out to be. */
export function normalizeLogPage(page: StepLogPage | unknown): { lines: LogLine[]; source?: string } {
  const body = (page ?? {}) as Record<string, unknown>;
  const raw = (body.lines ?? body.items ?? body.logs ?? []) as unknown[];
  const lines = (Array.isArray(raw) ? raw : []).map((entry, index) => {
    if (typeof entry === 'string') return { number: index + 1, text: entry };
    const e = (entry ?? {}) as Record<string, unknown>;
    const text = e.text ?? e.line ?? e.log ?? e.message ?? '';
    let number = index + 1;
    if (typeof e.number === 'number') number = e.number;
    else if (typeof e.lineNumber === 'number') number = e.lineNumber;
    return {
      number,
      text: String(text),
      timestamp: typeof e.timestamp === 'string' ? e.timestamp : undefined,
    };
  });
  return { lines, source: typeof body.source === 'string' ? body.source : undefined };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The log of one step (a simple, non-virtualized view until the full log viewer lands). */
export const StepLogs = (props: StepLogsProps) => {
  const { namespace, runName, step, lineAnchor, follow, lineHref } = props;
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry, refresh } = useRefreshable(
    () => api.getStepLogs(namespace, runName, step),
    [api, namespace, runName, step],
  );
  const anchorRef = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!follow) return undefined;
    const timer = setInterval(refresh, 3000);
    return () => clearInterval(timer);
  }, [follow, refresh]);

  useEffect(() => {
    anchorRef.current?.scrollIntoView?.({ block: 'center' });
  }, [value, lineAnchor]);

  if (loading) return <Progress />;
  if (error) {
    const status = errorStatus(error);
    if (status === 404 || status === 501) {
      return (
        <Alert severity="info" data-testid="step-logs-unavailable">
          Logs of {step} are not available yet in this portal. {errorMessage(error)}
        </Alert>
      );
    }
    return (
      <Alert
        severity="error"
        action={<Button onClick={retry}>Try again</Button>}
        data-testid="step-logs-error"
      >
        Could not read the logs of {step}: {errorMessage(error)}
      </Alert>
    );
  }
  const { lines, source } = normalizeLogPage(value);
  return (
    <Box data-testid="step-logs">
      {source && <Chip size="small" label={`Source: ${source}`} sx={{ mb: 1 }} />}
      {lines.length === 0 ? (
        <Alert severity="info">{step} has not written any log lines yet.</Alert>
      ) : (
        <Box
          component="pre"
          role="log"
          aria-label={`Log of ${step}`}
          tabIndex={0}
          sx={{
            m: 0,
            p: 1,
            maxHeight: 480,
            overflow: 'auto',
            fontSize: 12,
            bgcolor: 'grey.900',
            color: 'grey.100',
            borderRadius: 1,
          }}
        >
          {lines.map(line => {
            const anchored = line.number === lineAnchor;
            return (
              <Box
                key={line.number}
                ref={anchored ? anchorRef : undefined}
                id={`L${line.number}`}
                sx={{ display: 'flex', bgcolor: anchored ? 'warning.dark' : undefined }}
              >
                <Box
                  component="span"
                  sx={{ color: 'grey.400', minWidth: 48, textAlign: 'right', pr: 2, userSelect: 'none' }}
                >
                  {lineHref ? (
                    <Link
                      to={lineHref(line.number)}
                      style={{ color: 'inherit' }}
                      aria-label={`Link to line ${line.number}`}
                    >
                      {line.number}
                    </Link>
                  ) : (
                    line.number
                  )}
                </Box>
                <span>{line.text.replace(ANSI, '')}</span>
              </Box>
            );
          })}
        </Box>
      )}
    </Box>
  );
};

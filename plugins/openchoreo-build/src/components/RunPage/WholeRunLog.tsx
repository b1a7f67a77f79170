import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { RunDetail } from '@openchoreo-build/plugin-openchoreo-build-common';
import { InfoCard } from '@backstage/core-components';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { openChoreoBuildApiRef, type LogStreamState } from '../../api';
import { LogStore, LogViewerView } from '../LogViewer';
import { saveAs } from '../LogViewer/useStepLogStream';
import {
  openchoreoBuildTranslationRef,
  type OpenChoreoBuildTranslate,
} from '../../translation';

/** Lines asked for per page (the backend's largest page). */
const PAGE_LINES = 10_000;
/** Pages loaded into the viewer at most; the download has the rest. */
const MAX_PAGES = 50;

/** Why the viewer holds less than the whole log: the archive was cut, or only the first pages loaded. */
type LogNote =
  | { kind: 'archiveTruncated' }
  | { kind: 'firstLines'; lines: number };

function noteText(t: OpenChoreoBuildTranslate, note: LogNote): string {
  return note.kind === 'archiveTruncated'
    ? t('runPageDetails.wholeRunLog.archiveTruncated')
    : t('runPageDetails.wholeRunLog.firstLines', {
        lines: String(note.lines),
      });
}

/** Whether the run page offers the whole-run log: the run's steps were rebuilt from the archive. */
export function offersWholeRunLog(run: RunDetail): boolean {
  return run.wholeRunLog === true || run.stepsSource === 'archive';
}

/**
 * The whole log of a run whose Workflow expired (`GET /runs/:ns/:name/logs`): every step's lines
 * from the observer archive in time order, each prefixed with its step, so a run whose archived
 * lines cannot be told apart by step can still be read. Loaded page by page into the log viewer.
 */
export function WholeRunLog(props: { run: RunDetail; height?: number }) {
  const { run } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const api = useApi(openChoreoBuildApiRef);
  const store = useMemo(() => new LogStore(), [run.namespace, run.name]); // eslint-disable-line react-hooks/exhaustive-deps
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<LogStreamState>('connecting');
  const [error, setError] = useState<{ message: string; fatal: boolean }>();
  const [note, setNote] = useState<LogNote>();

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      let offset = 0;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await api.getRunLogPage(run.namespace, run.name, {
          offset,
          limit: PAGE_LINES,
        });
        if (cancelled) return;
        const names = new Map(answer.steps.map(s => [s.id, s.name]));
        store.append(
          answer.lines.map(line => ({
            n: line.n,
            ts: line.ts,
            text: `[${names.get(line.step) ?? line.step}] ${line.text}`,
          })),
        );
        setVersion(v => v + 1);
        if (answer.archiveTruncated) setNote({ kind: 'archiveTruncated' });
        if (answer.complete || answer.lines.length === 0) {
          setState('ended');
          return;
        }
        offset = answer.nextOffset;
      }
      setNote({ kind: 'firstLines', lines: store.length });
      setState('ended');
    };
    load().catch((e: Error) => {
      if (cancelled) return;
      setError({ message: e.message, fatal: true });
      setState('failed');
    });
    return () => {
      cancelled = true;
    };
  }, [api, run.namespace, run.name, store]);

  return (
    <>
      {note && (
        <Typography variant="body2" color="textSecondary">
          {noteText(t, note)}
        </Typography>
      )}
      <LogViewerView
        store={store}
        version={version}
        source="archive"
        state={state}
        error={error}
        title={t('runPageDetails.wholeRunLog.title')}
        height={props.height ?? 520}
        onDownload={async () =>
          saveAs(
            await api.downloadRunLog(run.namespace, run.name),
            `${run.name}-whole-run.log`,
          )
        }
      />
    </>
  );
}

/**
 * The run page's "Whole-run log" card: open at once when the archived steps cannot be told apart
 * (`wholeRunLog`), behind a button when they could be named (each step has its own log then).
 */
export function WholeRunLogCard(props: { run: RunDetail }) {
  const { run } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const [shown, setShown] = useState(run.wholeRunLog === true);
  return (
    <InfoCard title={t('runPageDetails.wholeRunLog.title')}>
      <Typography variant="body2" paragraph>
        {run.wholeRunLog
          ? t('runPageDetails.wholeRunLog.notByStep')
          : t('runPageDetails.wholeRunLog.rebuilt')}
      </Typography>
      {shown ? (
        <WholeRunLog run={run} />
      ) : (
        <Button variant="outlined" onClick={() => setShown(true)}>
          {t('runPageDetails.wholeRunLog.show')}
        </Button>
      )}
    </InfoCard>
  );
}

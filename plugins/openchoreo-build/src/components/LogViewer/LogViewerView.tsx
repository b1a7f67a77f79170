import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import SearchIcon from '@mui/icons-material/Search';
import VerticalAlignBottomIcon from '@mui/icons-material/VerticalAlignBottom';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LogLinesView, type LogLinesViewHandle } from './LogLinesView';
import type { LogStore, SearchResult } from './logStore';
import type { LogStreamState } from '../../api';
import { openchoreoBuildTranslationRef } from '../../translation';

export const SOURCE_LABELS: Record<StepLogSource, string> = {
  live: 'Live',
  polling: 'Polling',
  archive: 'Archive',
};

// Not 'info': white on the theme's light blue is below WCAG AA contrast.
const SOURCE_COLORS: Record<StepLogSource, 'success' | 'primary' | 'default'> =
  {
    live: 'success',
    polling: 'primary',
    archive: 'default',
  };

const SOURCE_HINTS: Record<StepLogSource, string> = {
  live: 'Streamed from the pod as it writes (Kubernetes follow)',
  polling:
    'Polled from the pod through the cluster gateway (agent-mode build plane)',
  archive: 'Read from the observer archive: the pod is gone',
};

export interface LogViewerViewProps {
  store: LogStore;
  version: number;
  source?: StepLogSource;
  state?: LogStreamState;
  /** Why there are no lines yet (step not started…). */
  waiting?: string;
  /** A problem to show (fatal errors end the stream). */
  error?: { message: string; fatal: boolean };
  /** 1-based line to select and scroll to once it exists (e.g. from `#L123` in the URL). */
  initialLine?: number;
  /** Called with the 1-based line when the user selects a line number (undefined: cleared). */
  onLineLinkChange?(line: number | undefined): void;
  onDownload?(): Promise<void> | void;
  /** Height of the log area; default 600 px. */
  height?: number | string;
  title?: string;
  /** Delay before a typed query is searched; default 150 ms. */
  searchDebounceMs?: number;
}

function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText)
    return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  document.body.removeChild(area);
  return Promise.resolve();
}

/**
 * The log viewer without data fetching: toolbar (source badge, connection state, search with
 * next/previous, follow, wrap, timestamps, copy, download) over the virtualized lines.
 */
export function LogViewerView(props: LogViewerViewProps) {
  const {
    store,
    version,
    source,
    state,
    waiting,
    error,
    initialLine,
    onLineLinkChange,
  } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const viewRef = useRef<LogLinesViewHandle>(null);
  const [follow, setFollow] = useState(initialLine === undefined);
  const [wrap, setWrap] = useState(false);
  const [showTimestamps, setShowTimestamps] = useState(false);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState<SearchResult | undefined>();
  const [activeMatch, setActiveMatch] = useState(0);
  const [selectedLine, setSelectedLine] = useState<number | undefined>(
    initialLine ? initialLine - 1 : undefined,
  );
  const [copied, setCopied] = useState<string | undefined>();
  const pendingInitial = useRef(initialLine);

  // Jump to the linked line once it has arrived.
  useEffect(() => {
    const line = pendingInitial.current;
    if (line === undefined || store.length < line) return;
    pendingInitial.current = undefined;
    setFollow(false);
    setSelectedLine(line - 1);
    viewRef.current?.scrollToLine(line - 1);
  }, [store, version]);

  // Search (debounced); re-run when new lines arrive so counts stay right. A new query starts
  // at its first match: the result, the active match, follow and the scroll position change in
  // one batch (one render of the rows, not one per state).
  const debounce = props.searchDebounceMs ?? 150;
  const lastQuery = useRef('');
  useEffect(() => {
    if (!query) {
      lastQuery.current = '';
      setSearch(undefined);
      return undefined;
    }
    const timer = setTimeout(
      () => {
        const result = store.search(query);
        setSearch(result);
        if (query === lastQuery.current) return;
        lastQuery.current = query;
        setActiveMatch(0);
        if (result.count > 0) {
          setFollow(false);
          viewRef.current?.scrollToLine(result.lines[0]);
        }
      },
      search?.query === query ? Math.max(debounce, 500) : debounce,
    );
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, store, version, debounce]);

  const matchCount = search?.count ?? 0;
  const goToMatch = useCallback(
    (index: number) => {
      if (!search || search.count === 0) return;
      const wrapped = ((index % search.count) + search.count) % search.count;
      setActiveMatch(wrapped);
      setFollow(false);
      viewRef.current?.scrollToLine(search.lines[wrapped]);
    },
    [search],
  );
  // Stable, so that the memoized rows do not re-render for every keystroke in the search box.
  const selectLine = useCallback(
    (line: number) => {
      setSelectedLine(line);
      setFollow(false);
      onLineLinkChange?.(line + 1);
    },
    [onLineLinkChange],
  );

  const copy = async () => {
    const selection = window.getSelection?.();
    const element = viewRef.current?.element();
    const selected =
      selection &&
      element &&
      !selection.isCollapsed &&
      element.contains(selection.anchorNode)
        ? selection.toString()
        : '';
    await copyText(selected || store.plainText());
    setCopied(
      selected
        ? t('logViewer.selectionCopied')
        : t('logViewer.linesCopied', { lines: String(store.length) }),
    );
  };

  const sourceChip = source ? (
    <Tooltip title={SOURCE_HINTS[source]}>
      <Chip
        size="small"
        color={SOURCE_COLORS[source]}
        label={SOURCE_LABELS[source]}
        data-testid="log-source"
        aria-label={`Source: ${SOURCE_LABELS[source]}`}
      />
    </Tooltip>
  ) : null;

  let status: string | undefined;
  if (state === 'reconnecting') status = t('logViewer.reconnecting');
  else if (state === 'connecting') status = t('logViewer.connecting');
  else if (waiting && store.length === 0 && state !== 'ended') status = waiting;
  else if (state === 'ended')
    status = t('logViewer.complete', {
      lines: store.length.toLocaleString(),
    });

  let matchLabel = '';
  if (query && matchCount)
    matchLabel = `${activeMatch + 1} of ${matchCount.toLocaleString()}`;
  else if (query && search) matchLabel = t('logViewer.noMatches');

  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="log-viewer">
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={1}>
        {props.title && (
          <Typography variant="subtitle2">{props.title}</Typography>
        )}
        {sourceChip}
        {status && (
          <Chip
            size="small"
            variant="outlined"
            color={state === 'reconnecting' ? 'warning' : 'default'}
            label={status}
            role="status"
            data-testid="log-state"
          />
        )}
        <Box flex={1} />
        <TextField
          size="small"
          placeholder={t('logViewer.searchPlaceholder')}
          value={query}
          onChange={event => setQuery(event.target.value)}
          onKeyDown={event => {
            if (event.key === 'Enter') {
              event.preventDefault();
              goToMatch(
                activeMatch +
                  (event.shiftKey ? -1 : 1) * (search?.query === query ? 1 : 0),
              );
            } else if (event.key === 'Escape') {
              setQuery('');
            }
          }}
          inputProps={{
            'aria-label': t('logViewer.searchLabel'),
          }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
        <Typography
          variant="body2"
          aria-live="polite"
          data-testid="log-match-count"
          sx={{ minWidth: 72 }}
        >
          {matchLabel}
        </Typography>
        <IconButton
          size="small"
          aria-label={t('logViewer.previousMatch')}
          disabled={!matchCount}
          onClick={() => goToMatch(activeMatch - 1)}
        >
          <KeyboardArrowUpIcon fontSize="small" />
        </IconButton>
        <IconButton
          size="small"
          aria-label={t('logViewer.nextMatch')}
          disabled={!matchCount}
          onClick={() => goToMatch(activeMatch + 1)}
        >
          <KeyboardArrowDownIcon fontSize="small" />
        </IconButton>
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={wrap}
              onChange={(_, v) => setWrap(v)}
            />
          }
          label={t('logViewer.wrap')}
        />
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={showTimestamps}
              onChange={(_, v) => setShowTimestamps(v)}
            />
          }
          label={t('logViewer.timestamps')}
        />
        <Tooltip title={copied ?? t('logViewer.copyHint')}>
          <IconButton
            size="small"
            aria-label={t('logViewer.copy')}
            onClick={copy}
            onMouseLeave={() => setCopied(undefined)}
          >
            <ContentCopyIcon fontSize="small" />
          </IconButton>
        </Tooltip>
        {props.onDownload && (
          <Tooltip title={t('logViewer.downloadHint')}>
            <IconButton
              size="small"
              aria-label={t('logViewer.download')}
              onClick={() => props.onDownload?.()}
            >
              <DownloadIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
      </Box>
      {error && (
        <Alert
          severity={error.fatal ? 'error' : 'warning'}
          data-testid="log-error"
        >
          {error.message}
        </Alert>
      )}
      <Box position="relative">
        <LogLinesView
          ref={viewRef}
          store={store}
          version={version}
          wrap={wrap}
          showTimestamps={showTimestamps}
          search={search}
          activeMatch={activeMatch}
          selectedLine={selectedLine}
          onSelectLine={selectLine}
          follow={follow}
          onFollowChange={setFollow}
          height={props.height}
        />
        {!follow && state !== 'ended' && state !== 'failed' && (
          <Button
            variant="contained"
            size="small"
            startIcon={<VerticalAlignBottomIcon />}
            onClick={() => {
              setFollow(true);
              viewRef.current?.scrollToBottom();
            }}
            sx={{ position: 'absolute', right: 24, bottom: 16 }}
          >
            {t('logViewer.follow')}
          </Button>
        )}
        {store.length === 0 && !error && (
          <Typography
            variant="body2"
            sx={{ position: 'absolute', top: 12, left: 16, color: '#9e9e9e' }}
          >
            {waiting ??
              (state === 'ended'
                ? t('logViewer.noLines')
                : t('logViewer.waiting'))}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

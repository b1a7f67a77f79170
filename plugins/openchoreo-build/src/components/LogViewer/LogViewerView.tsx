import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { StepLogSource } from '@openchoreo-build/plugin-openchoreo-build-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Switch from '@mui/material/Switch';
import Tooltip, { type TooltipProps } from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import DownloadIcon from '@mui/icons-material/Download';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import FullscreenIcon from '@mui/icons-material/Fullscreen';
import FullscreenExitIcon from '@mui/icons-material/FullscreenExit';
import VerticalAlignBottomIcon from '@mui/icons-material/VerticalAlignBottom';
import { useCallback, useRef, useState } from 'react';
import type { LogStreamState } from '../../api';
import { openchoreoBuildTranslationRef } from '../../translation';
import { copyText } from '../common/clipboard';
import { LogLinesView, type LogLinesViewHandle } from './LogLinesView';
import { LogSearchBox } from './LogSearchBox';
import { LogSourceChip } from './LogSourceChip';
import type { LineRange } from './lineRange';
import type { LogStore } from './logStore';
import { useFirstErrorLine } from './useFirstErrorLine';
import { useFullscreen } from './useFullscreen';
import { useLineSelection } from './useLineSelection';
import { useLogSearch } from './useLogSearch';

export interface LogViewerViewProps {
  store: LogStore;
  version: number;
  source?: StepLogSource;
  state?: LogStreamState;
  /** Why there are no lines yet (step not started…). */
  waiting?: string;
  /** A problem to show (fatal errors end the stream). */
  error?: { message: string; fatal: boolean };
  /** 1-based line to select and scroll to once it exists (e.g. from `?line=123` in the URL). */
  initialLine?: number;
  /**
   * 1-based lines to select, scrolling to the first once it exists (`?line=10-20`, read with
   * `parseLineRange`); wins over `initialLine`.
   */
  initialRange?: LineRange;
  /** Called with the first selected line (1-based) when the user selects lines. */
  onLineLinkChange?(line: number | undefined): void;
  /** Called with the selected lines (1-based; one line: start = end), for `formatLineRange`. */
  onRangeLinkChange?(range: LineRange | undefined): void;
  onDownload?(): Promise<void> | void;
  /** Height of the log area; default 600 px (in full screen: the rest of the screen). */
  height?: number | string;
  title?: string;
  /** Delay before a typed query is searched; default 150 ms. */
  searchDebounceMs?: number;
}

/**
 * The log viewer without data fetching: toolbar (source badge, connection state, search with
 * next/previous, first error, wrap, timestamps, copy, download, full screen) over the virtualized
 * lines; line numbers select lines (Shift: a range) and make links.
 */
export function LogViewerView(props: LogViewerViewProps) {
  const { store, version, source, state, waiting, error } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const rootRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<LogLinesViewHandle>(null);
  const initialRange =
    props.initialRange ??
    (props.initialLine
      ? { start: props.initialLine, end: props.initialLine }
      : undefined);
  const [follow, setFollow] = useState(initialRange === undefined);
  const [wrap, setWrap] = useState(false);
  const [showTimestamps, setShowTimestamps] = useState(false);
  const [copied, setCopied] = useState<string | undefined>();

  // Stable, so that the memoized rows do not re-render for every keystroke in the search box.
  const reveal = useCallback((line: number) => {
    setFollow(false);
    viewRef.current?.scrollToLine(line);
  }, []);
  const search = useLogSearch(
    store,
    version,
    props.searchDebounceMs ?? 150,
    reveal,
  );
  const { selected, select } = useLineSelection({
    store,
    version,
    initialRange,
    onRangeLinkChange: props.onRangeLinkChange,
    onLineLinkChange: props.onLineLinkChange,
    reveal,
  });
  const selectLine = useCallback(
    (line: number, extend: boolean) => {
      setFollow(false);
      select(line, extend);
    },
    [select],
  );
  const firstError = useFirstErrorLine(store, version);
  const fullscreen = useFullscreen(rootRef);
  const inFullscreen = fullscreen.mode !== 'off';
  // In full screen only the viewer is shown: tooltips render inside it, not at the page's end.
  const tooltipSlots: TooltipProps['slotProps'] = {
    popper: { disablePortal: inFullscreen },
  };

  const goToFirstError = () => {
    const line = firstError.find();
    if (line === undefined) return;
    selectLine(line, false);
    reveal(line);
  };

  // Text selected in the log, else the selected lines (two or more), else the whole log.
  const copy = async () => {
    const selection = window.getSelection?.();
    const element = viewRef.current?.element();
    const text =
      selection &&
      element &&
      !selection.isCollapsed &&
      element.contains(selection.anchorNode)
        ? selection.toString()
        : '';
    const range = selected && selected.end > selected.start ? selected : null;
    let copiedLines = store.length;
    let content = text;
    if (!text && range) {
      copiedLines = range.end - range.start + 1;
      content = store.plainText(range.start, range.end + 1);
    } else if (!text) {
      content = store.plainText();
    }
    if (!(await copyText(content))) setCopied(t('logViewerTools.copyRefused'));
    else if (text) setCopied(t('logViewer.selectionCopied'));
    else
      setCopied(
        t('logViewer.linesCopied', { lines: copiedLines.toLocaleString() }),
      );
  };

  let status: string | undefined;
  if (state === 'reconnecting') status = t('logViewer.reconnecting');
  else if (state === 'connecting') status = t('logViewer.connecting');
  else if (waiting && store.length === 0 && state !== 'ended') status = waiting;
  else if (state === 'ended')
    status = t('logViewer.complete', {
      lines: store.length.toLocaleString(),
    });

  return (
    <Box
      ref={rootRef}
      display="flex"
      flexDirection="column"
      gap={1}
      data-testid="log-viewer"
      data-fullscreen={fullscreen.mode}
      sx={
        inFullscreen
          ? {
              bgcolor: 'background.paper',
              p: 2,
              height: '100vh',
              boxSizing: 'border-box',
              ...(fullscreen.mode === 'overlay' && {
                position: 'fixed',
                inset: 0,
                zIndex: theme => theme.zIndex.modal,
              }),
            }
          : undefined
      }
    >
      <Box display="flex" flexWrap="wrap" alignItems="center" gap={1}>
        {props.title && (
          <Typography variant="subtitle2">{props.title}</Typography>
        )}
        {source && (
          <LogSourceChip source={source} inlineTooltip={inFullscreen} />
        )}
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
        <LogSearchBox search={search} />
        <Tooltip
          title={
            firstError.none
              ? t('logViewerTools.noErrorLine')
              : t('logViewerTools.firstErrorHint')
          }
          slotProps={tooltipSlots}
        >
          {/* A disabled button gets no pointer events: the span shows its tooltip. */}
          <span>
            <Button
              size="small"
              startIcon={<ErrorOutlineIcon />}
              disabled={firstError.none || store.length === 0}
              onClick={goToFirstError}
              data-testid="log-first-error"
            >
              {t('logViewerTools.firstError')}
            </Button>
          </span>
        </Tooltip>
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
        <Tooltip
          title={copied ?? t('logViewerTools.copyHint')}
          slotProps={tooltipSlots}
        >
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
          <Tooltip title={t('logViewer.downloadHint')} slotProps={tooltipSlots}>
            <IconButton
              size="small"
              aria-label={t('logViewer.download')}
              onClick={() => props.onDownload?.()}
            >
              <DownloadIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        )}
        <Tooltip
          title={
            inFullscreen
              ? t('logViewerTools.exitFullscreen')
              : t('logViewerTools.fullscreen')
          }
          slotProps={tooltipSlots}
        >
          <IconButton
            size="small"
            aria-label={t('logViewerTools.fullscreen')}
            aria-pressed={inFullscreen}
            onClick={fullscreen.toggle}
            data-testid="log-fullscreen"
          >
            {inFullscreen ? (
              <FullscreenExitIcon fontSize="small" />
            ) : (
              <FullscreenIcon fontSize="small" />
            )}
          </IconButton>
        </Tooltip>
      </Box>
      {error && (
        <Alert
          severity={error.fatal ? 'error' : 'warning'}
          data-testid="log-error"
        >
          {error.message}
        </Alert>
      )}
      <Box
        position="relative"
        // In full screen the lines take the rest of the screen (the list measures its new height).
        sx={inFullscreen ? { flex: 1, minHeight: 0 } : undefined}
      >
        <LogLinesView
          ref={viewRef}
          store={store}
          version={version}
          wrap={wrap}
          showTimestamps={showTimestamps}
          search={search.result}
          activeMatch={search.activeMatch}
          selection={selected}
          onSelectLine={selectLine}
          follow={follow}
          onFollowChange={setFollow}
          height={inFullscreen ? '100%' : props.height}
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

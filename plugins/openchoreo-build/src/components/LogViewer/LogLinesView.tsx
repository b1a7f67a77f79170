import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { styled } from '@mui/material/styles';
import {
  forwardRef,
  memo,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { fixedLayout, scrollMapping, WrappedLayoutCache } from './layout';
import type { LogStore, SearchResult } from './logStore';
import {
  firstMatchAtOrAfter,
  highlight,
  renderPlain,
  SegmentCache,
} from './rowText';
import type { SelectedLines } from './useLineSelection';
import { openchoreoBuildTranslationRef } from '../../translation';

export const ROW_HEIGHT = 18;
const OVERSCAN = 8;

const Root = styled('div')(({ theme }) => ({
  '--log-bg': theme.palette.mode === 'dark' ? '#111' : '#1e1e1e',
  '--log-fg': '#d4d4d4',
  position: 'relative',
  overflow: 'auto',
  backgroundColor: 'var(--log-bg)',
  color: 'var(--log-fg)',
  fontFamily: '"SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 12,
  lineHeight: `${ROW_HEIGHT}px`,
  outline: 'none',
  '& .oc-log-row': {
    display: 'flex',
    minWidth: 'max-content',
    whiteSpace: 'pre',
  },
  '&.oc-log-wrap .oc-log-row': { minWidth: 0 },
  '&.oc-log-wrap .oc-log-text': {
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    flex: 1,
    minWidth: 0,
  },
  '& .oc-log-row:hover': { backgroundColor: 'rgba(255,255,255,0.05)' },
  // A dark amber with a bar on the left: every ANSI colour keeps a WCAG AA contrast on it.
  '& .oc-log-row.oc-log-selected': {
    backgroundColor: '#221d0a',
    boxShadow: 'inset 3px 0 0 #e5c100',
  },
  '& .oc-log-no': {
    flex: 'none',
    textAlign: 'right',
    paddingRight: 12,
    color: '#858585',
    userSelect: 'none',
    textDecoration: 'none',
    cursor: 'pointer',
  },
  '& .oc-log-no:hover, & .oc-log-no:focus-visible': {
    color: '#fff',
    textDecoration: 'underline',
  },
  '& .oc-log-ts': {
    flex: 'none',
    color: '#6a9955',
    paddingRight: 12,
    userSelect: 'none',
  },
  '& .oc-log-text': { paddingRight: 16 },
  // Matches are white on brown whatever their ANSI colour, to stay readable (WCAG AA).
  '& mark': { backgroundColor: '#623315', color: '#fff', borderRadius: 2 },
  '& mark.oc-log-active': { backgroundColor: '#d18616', color: '#000' },
}));

export interface LogLinesViewProps {
  store: LogStore;
  /** Changes whenever the store changed (re-render trigger). */
  version: number;
  wrap: boolean;
  showTimestamps: boolean;
  search?: SearchResult;
  /** Index into `search` of the current match. */
  activeMatch?: number;
  /** 0-based selected lines (highlighted; a line's number is its link). */
  selection?: SelectedLines;
  /** A line number was clicked (or Enter / Space on it); `extend`: with Shift, to a range. */
  onSelectLine?(line: number, extend: boolean): void;
  /** Keep the view at the bottom as lines arrive. */
  follow: boolean;
  /** The user scrolled up (or pressed a key that moves up) while following. */
  onFollowChange?(follow: boolean): void;
  /** Height in px when the container cannot be measured (tests, SSR); default 600. */
  height?: number | string;
  /** Label of the scrollable log region. */
  ariaLabel?: string;
}

export interface LogLinesViewHandle {
  scrollToLine(line: number): void;
  scrollToBottom(): void;
  element(): HTMLDivElement | null;
}

/**
 * The virtualized log: only the rows in view (plus a few) are in the DOM, whatever the number of
 * lines; with wrapping, row heights follow from the monospace character width.
 */
export const LogLinesView = memo(
  forwardRef<LogLinesViewHandle, LogLinesViewProps>(function LogLinesViewInner(
    props,
    ref,
  ) {
    const {
      store,
      version,
      wrap,
      showTimestamps,
      search,
      activeMatch,
      selection,
      follow,
    } = props;
    const { t } = useTranslationRef(openchoreoBuildTranslationRef);
    const containerRef = useRef<HTMLDivElement | null>(null);
    const [scrollTop, setScrollTop] = useState(0);
    const [size, setSize] = useState({ width: 0, height: 0 });
    const [charWidth, setCharWidth] = useState(7.2);
    const programmatic = useRef(false);
    const segments = useMemo(() => new SegmentCache(), []);
    const wrapCache = useMemo(() => new WrappedLayoutCache(), []);

    useLayoutEffect(() => {
      const el = containerRef.current;
      if (!el) return undefined;
      const measure = () =>
        setSize({ width: el.clientWidth, height: el.clientHeight });
      measure();
      const probe = document.createElement('span');
      probe.textContent = '0'.repeat(100);
      probe.style.visibility = 'hidden';
      probe.style.position = 'absolute';
      probe.style.whiteSpace = 'pre';
      el.appendChild(probe);
      const measured = probe.getBoundingClientRect().width / 100;
      el.removeChild(probe);
      if (measured > 0) setCharWidth(measured);
      if (typeof ResizeObserver === 'undefined') return undefined;
      const observer = new ResizeObserver(measure);
      observer.observe(el);
      return () => observer.disconnect();
    }, []);

    const fallbackHeight =
      typeof props.height === 'number' ? props.height : 600;
    const viewport = size.height || fallbackHeight;
    const width = size.width || 1000;
    const count = store.length;
    const gutterChars = String(Math.max(count, 1)).length + 1;
    const gutterPx = gutterChars * charWidth + 12;
    const tsPx = showTimestamps ? 31 * charWidth + 12 : 0;
    const charsPerRow = Math.max(
      20,
      Math.floor((width - gutterPx - tsPx - 16) / charWidth),
    );

    // `version` is in the deps: the store mutates in place.
    const layout = useMemo(
      () =>
        wrap
          ? wrapCache.layout(count, charsPerRow, ROW_HEIGHT, i =>
              store.plainLength(i),
            )
          : fixedLayout(count, ROW_HEIGHT),
      // eslint-disable-next-line react-hooks/exhaustive-deps
      [wrap, count, charsPerRow, version, store, wrapCache],
    );
    const mapping = scrollMapping(layout.total, viewport);

    const setScroll = useCallback((top: number) => {
      const el = containerRef.current;
      if (!el) return;
      programmatic.current = true;
      el.scrollTop = top;
      setScrollTop(el.scrollTop || top);
    }, []);

    const scrollToLine = useCallback(
      (line: number) => {
        const y = layout.offsetOf(line) - viewport / 2 + ROW_HEIGHT;
        setScroll(Math.max(0, mapping.toDom(Math.max(0, y))));
      },
      [layout, viewport, mapping, setScroll],
    );
    const scrollToBottom = useCallback(
      () => setScroll(Math.max(0, mapping.domHeight - viewport)),
      [mapping.domHeight, viewport, setScroll],
    );

    useImperativeHandle(
      ref,
      () => ({
        scrollToLine,
        scrollToBottom,
        element: () => containerRef.current,
      }),
      [scrollToLine, scrollToBottom],
    );

    useLayoutEffect(() => {
      if (follow && count > 0) scrollToBottom();
    }, [follow, count, version, scrollToBottom]);

    const onScroll = () => {
      const el = containerRef.current;
      if (!el) return;
      setScrollTop(el.scrollTop);
      if (programmatic.current) {
        programmatic.current = false;
        return;
      }
      const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
      if (follow && !atBottom) props.onFollowChange?.(false);
      else if (!follow && atBottom && el.scrollHeight > el.clientHeight)
        props.onFollowChange?.(true);
    };

    const onWheel = (event: React.WheelEvent) => {
      if (follow && event.deltaY < 0) props.onFollowChange?.(false);
    };
    const onKeyDown = (event: React.KeyboardEvent) => {
      if (follow && ['ArrowUp', 'PageUp', 'Home'].includes(event.key))
        props.onFollowChange?.(false);
    };

    const virtualTop = Math.max(
      0,
      Math.min(mapping.toVirtual(scrollTop), layout.total - viewport),
    );
    const rows: ReactNode[] = [];
    let first = 0;
    if (count > 0) {
      first = Math.max(0, layout.indexAt(virtualTop) - OVERSCAN);
      const limit = virtualTop + viewport;
      const q = search && search.count > 0 ? search.query.length : 0;
      let m = q ? firstMatchAtOrAfter(search!.lines, search!.count, first) : 0;
      let extra = 0;
      for (let i = first; i < count; i += 1) {
        if (layout.offsetOf(i) > limit) {
          if (extra >= OVERSCAN) break;
          extra += 1;
        }
        const ranges: Array<{ start: number; end: number; active: boolean }> =
          [];
        while (q && m < search!.count && search!.lines[m] === i) {
          ranges.push({
            start: search!.columns[m],
            end: search!.columns[m] + q,
            active: m === activeMatch,
          });
          m += 1;
        }
        const lineSegments = segments.get(store, i);
        const ts = showTimestamps ? store.timestamp(i) ?? '' : '';
        const selected =
          selection !== undefined && i >= selection.start && i <= selection.end;
        rows.push(
          <div
            key={i}
            className={`oc-log-row${selected ? ' oc-log-selected' : ''}`}
            style={{ height: layout.heightOf(i) }}
            data-line={i + 1}
            id={`L${i + 1}`}
          >
            <a
              className="oc-log-no"
              style={{ width: gutterChars * charWidth }}
              href={`#L${i + 1}`}
              aria-label={t('logViewerTools.lineLink', { line: String(i + 1) })}
              aria-current={selected ? 'true' : undefined}
              onMouseDown={event => {
                // Shift+click would also extend the page's text selection.
                if (event.shiftKey) event.preventDefault();
              }}
              onClick={event => {
                event.preventDefault();
                props.onSelectLine?.(i, event.shiftKey);
              }}
              onKeyDown={event => {
                // Enter follows a link natively (Shift+Enter: in a new window); Space does not.
                if (event.key !== 'Enter' && event.key !== ' ') return;
                event.preventDefault();
                props.onSelectLine?.(i, event.shiftKey);
              }}
            >
              {i + 1}
            </a>
            {showTimestamps && (
              <span className="oc-log-ts">{ts.padEnd(30, ' ')}</span>
            )}
            <span className="oc-log-text">
              {ranges.length
                ? highlight(lineSegments, ranges)
                : renderPlain(lineSegments)}
            </span>
          </div>,
        );
      }
    }
    const windowTop = scrollTop + (layout.offsetOf(first) - virtualTop);

    return (
      <Root
        ref={containerRef}
        className={wrap ? 'oc-log-wrap' : undefined}
        style={{ height: props.height ?? 600 }}
        onScroll={onScroll}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        tabIndex={0}
        role="log"
        aria-label={props.ariaLabel ?? t('logViewerTools.logLabel')}
        aria-live="off"
        data-testid="log-lines"
        data-total-lines={count}
      >
        <div style={{ height: mapping.domHeight, position: 'relative' }}>
          <div
            style={{
              position: 'absolute',
              top: Math.max(0, windowTop),
              left: 0,
              right: wrap ? 0 : undefined,
              minWidth: '100%',
            }}
          >
            {rows}
          </div>
        </div>
      </Root>
    );
  }),
);

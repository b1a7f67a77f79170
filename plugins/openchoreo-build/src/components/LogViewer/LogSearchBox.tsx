import { useTranslationRef } from '@backstage/frontend-plugin-api';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import SearchIcon from '@mui/icons-material/Search';
import { openchoreoBuildTranslationRef } from '../../translation';
import type { LogSearch } from './useLogSearch';

/**
 * The log's search box (Enter: next match, Shift+Enter: previous, Esc: clear), its match count
 * and the previous / next buttons.
 */
export function LogSearchBox(props: { search: LogSearch }) {
  const { query, setQuery, result, activeMatch, goToMatch } = props.search;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const matchCount = result?.count ?? 0;

  let matchLabel = '';
  if (query && matchCount)
    matchLabel = t('logViewerTools.matchPosition', {
      position: String(activeMatch + 1),
      total: matchCount.toLocaleString(),
    });
  else if (query && result) matchLabel = t('logViewer.noMatches');

  return (
    <>
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
                (event.shiftKey ? -1 : 1) * (result?.query === query ? 1 : 0),
            );
          } else if (event.key === 'Escape' && query) {
            // Esc clears the query first; only with an empty box does it leave full screen.
            event.stopPropagation();
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
    </>
  );
}

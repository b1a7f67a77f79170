import { useTranslationRef } from '@backstage/frontend-plugin-api';
import LinkIcon from '@mui/icons-material/Link';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useState } from 'react';
import { useHref, useLocation } from 'react-router-dom';
import { openchoreoBuildTranslationRef } from '../../translation';
import { copyText } from '../common/clipboard';
import { formatLineRange, type LineRange } from '../LogViewer';

/**
 * The absolute link to the page at `href` (as the router writes it, base path included) showing
 * `step` at `lines`: `?step=` and `&line=42` or `&line=10-20` set, other query parameters kept.
 */
export function runPermalink(
  href: string,
  origin: string,
  step: string | undefined,
  lines: LineRange | undefined,
): string {
  const url = new URL(href, origin);
  if (step) url.searchParams.set('step', step);
  else url.searchParams.delete('step');
  if (step && lines) url.searchParams.set('line', formatLineRange(lines));
  else url.searchParams.delete('line');
  return url.toString();
}

/** The outcome shown after a click: copied, or the link to copy by hand. */
type CopyOutcome = { copied: boolean; url: string };

/**
 * Copies an absolute link to this run page at the step and log lines shown (also when the page
 * picked the step itself and the URL does not name it yet), and says so in a snackbar; when the
 * browser refuses, the snackbar shows the link to copy by hand.
 */
export const CopyPermalinkButton = (props: {
  step?: string;
  lines?: LineRange;
}) => {
  const { step, lines } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const location = useLocation();
  const href = useHref({
    pathname: location.pathname,
    search: location.search,
  });
  const [outcome, setOutcome] = useState<CopyOutcome>();

  const copy = async () => {
    const url = runPermalink(href, window.location.origin, step, lines);
    setOutcome({ copied: await copyText(url), url });
  };

  return (
    <>
      <Button
        variant="outlined"
        startIcon={<LinkIcon />}
        onClick={() => void copy()}
        aria-label={t('runTimeline.copyLinkLabel')}
        data-testid="copy-run-link"
      >
        {t('runTimeline.copyLink')}
      </Button>
      <Snackbar
        open={Boolean(outcome)}
        // A link to copy by hand stays until closed; a confirmation goes by itself.
        autoHideDuration={outcome?.copied ? 4000 : null}
        onClose={(_event, reason) => {
          if (reason !== 'clickaway') setOutcome(undefined);
        }}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity={outcome?.copied ? 'success' : 'warning'}
          onClose={() => setOutcome(undefined)}
          data-testid="copy-run-link-result"
          sx={{ wordBreak: 'break-all' }}
        >
          {outcome &&
            (outcome.copied
              ? t('runTimeline.copied', { url: outcome.url })
              : t('runTimeline.copyFailed', { url: outcome.url }))}
        </Alert>
      </Snackbar>
    </>
  );
};

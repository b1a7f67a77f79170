import { ResponseErrorPanel } from '@backstage/core-components';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { errorStatus } from '../../api/fieldErrors';
import { openchoreoBuildTranslationRef } from '../../translation';

/** The hints of {@link ErrorState} (keys of `errorState.hints` in the translation ref). */
export type ErrorHintKey =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'unreachable'
  | 'backend'
  | 'badRequest';

/** What a user can do about a failed request, by status. */
export function errorHintKey(error: Error): ErrorHintKey {
  const status = errorStatus(error);
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 502 || status === 504) return 'unreachable';
  if (status === undefined || status >= 500) return 'backend';
  return 'badRequest';
}

/** A failed load: the backend's message, what to do about it, and a retry button. */
export const ErrorState = (props: {
  error: Error;
  retry?: () => void;
  title?: string;
}) => {
  const { error, retry, title } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  return (
    <Box role="alert" data-testid="error-state">
      <ResponseErrorPanel error={error} title={title} />
      <Box display="flex" alignItems="center" gap={2} mt={1}>
        <Typography variant="body2">
          {t(`errorState.hints.${errorHintKey(error)}`)}
        </Typography>
        {retry && (
          <Button variant="outlined" onClick={retry}>
            {t('errorState.tryAgain')}
          </Button>
        )}
      </Box>
    </Box>
  );
};

import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { errorStatus } from '../../api/fieldErrors';

/** What a user can do about a failed request, by status. */
export function errorHint(error: Error): string {
  const status = errorStatus(error);
  if (status === 401) return 'Your session may have expired: sign in again.';
  if (status === 403)
    return 'The message names the permission you need: ask your platform team for it.';
  if (status === 404) return 'It may have been deleted, or the link is wrong.';
  if (status === 502 || status === 504) {
    return 'The portal could not reach the OpenChoreo cluster. Check the control plane and build plane, then try again.';
  }
  if (status === undefined || status >= 500) {
    return 'Check that the OpenChoreo Build backend is running and can reach the cluster, then try again.';
  }
  return 'Correct the request and try again.';
}

/** A failed load: the backend's message, what to do about it, and a retry button. */
export const ErrorState = (props: {
  error: Error;
  retry?: () => void;
  title?: string;
}) => {
  const { error, retry, title } = props;
  return (
    <Box role="alert" data-testid="error-state">
      <ResponseErrorPanel error={error} title={title} />
      <Box display="flex" alignItems="center" gap={2} mt={1}>
        <Typography variant="body2">{errorHint(error)}</Typography>
        {retry && (
          <Button variant="outlined" onClick={retry}>
            Try again
          </Button>
        )}
      </Box>
    </Box>
  );
};

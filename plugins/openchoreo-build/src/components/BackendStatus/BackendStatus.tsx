import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { useBackendHealth } from '../../hooks/useBackendHealth';

/** Tells the user whether the portal can reach its OpenChoreo Build backend. */
export const BackendStatus = () => {
  const { value, loading, error, retry } = useBackendHealth();
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <>
        <ResponseErrorPanel error={error} />
        <Button onClick={retry}>Try again</Button>
      </>
    );
  }
  return (
    <Alert severity="success" data-testid="backend-status">
      Connected to the OpenChoreo Build backend ({value?.status}).
    </Alert>
  );
};

import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { openChoreoBuildApiRef, type BackendHealth } from '../api';

/** Whether the backend plugin answers, as `{value, loading, error, retry}`. */
export function useBackendHealth(): {
  value?: BackendHealth;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getHealth(),
    [api],
  );
  return { value, loading, error, retry };
}

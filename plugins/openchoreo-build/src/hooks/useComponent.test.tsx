import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { openChoreoBuildApiRef } from '../api';
import {
  componentDetail,
  mockBuildApi,
  type MockBuildApi,
} from '../testUtils/mockApi';
import { useComponent } from './useComponent';

const target = {
  namespace: 'default',
  project: 'default',
  component: 'greeter-service',
};

function renderUseComponent(api: MockBuildApi, enabled?: boolean) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[openChoreoBuildApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  return renderHook(
    (props: { enabled?: boolean }) => useComponent(target, props.enabled),
    {
      wrapper,
      initialProps: { enabled },
    },
  );
}

describe('useComponent', () => {
  it('loads the component with its workflow defaults', async () => {
    const api = mockBuildApi();
    const { result } = renderUseComponent(api);
    expect(result.current.loading).toBe(true);
    await waitFor(() =>
      expect(result.current.value).toEqual(componentDetail()),
    );
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeUndefined();
    expect(api.getComponent).toHaveBeenCalledWith(
      'default',
      'default',
      'greeter-service',
    );
  });

  it('reports an error and loads again on retry', async () => {
    const getComponent = jest
      .fn()
      .mockRejectedValueOnce(
        new Error(
          'Component default/greeter-service not found in control plane',
        ),
      )
      .mockResolvedValue(componentDetail({ workflow: undefined }));
    const { result } = renderUseComponent(mockBuildApi({ getComponent }));
    await waitFor(() =>
      expect(result.current.error?.message).toMatch(
        /not found in control plane/,
      ),
    );
    expect(result.current.loading).toBe(false);
    expect(result.current.value).toBeUndefined();
    act(() => result.current.retry());
    await waitFor(() =>
      expect(result.current.value).toEqual(
        componentDetail({ workflow: undefined }),
      ),
    );
    expect(result.current.error).toBeUndefined();
    expect(getComponent).toHaveBeenCalledTimes(2);
  });

  it('requests nothing while disabled, and loads afresh each time it is enabled', async () => {
    const api = mockBuildApi();
    const { result, rerender } = renderUseComponent(api, false);
    expect(result.current.loading).toBe(false);
    expect(result.current.value).toBeUndefined();
    expect(result.current.error).toBeUndefined();
    expect(api.getComponent).not.toHaveBeenCalled();
    rerender({ enabled: true });
    await waitFor(() =>
      expect(result.current.value).toEqual(componentDetail()),
    );
    rerender({ enabled: false });
    expect(result.current.value).toBeUndefined();
    rerender({ enabled: true });
    await waitFor(() =>
      expect(result.current.value).toEqual(componentDetail()),
    );
    expect(api.getComponent).toHaveBeenCalledTimes(2);
  });
});

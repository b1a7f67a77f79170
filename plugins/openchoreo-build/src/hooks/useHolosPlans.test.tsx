import { TestApiProvider } from '@backstage/test-utils';
import type {
  HolosEntityBuildPlans,
  HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { openChoreoBuildApiRef } from '../api';
import { mockBuildApi, type MockBuildApi } from '../testUtils/mockApi';
import { holosExample } from '../__testUtils__/holosExamples';
import { useHolosPlans, useHolosValidation } from './useHolosPlans';

const podinfo = holosExample('helm-kustomize.yaml').result;
const stream = holosExample('stream.yaml').result;
const entityPlans: HolosEntityBuildPlans = {
  ...podinfo,
  entityRef: 'component:default/podinfo',
  location: 'url:https://example.test/deploy/buildplans.yaml',
};

function wrapperFor(api: MockBuildApi) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[openChoreoBuildApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
}

/** A promise the test resolves when it wants the backend to answer. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('useHolosPlans', () => {
  it("loads an entity's plans and loads them again on retry", async () => {
    const api = mockBuildApi({
      getHolosPlans: jest.fn(async () => entityPlans),
    });
    const { result } = renderHook(
      () => useHolosPlans('component:default/podinfo'),
      { wrapper: wrapperFor(api) },
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value).toEqual(entityPlans));
    await act(async () => result.current.retry());
    expect(api.getHolosPlans).toHaveBeenCalledTimes(2);
    expect(result.current).toMatchObject({
      loading: false,
      value: entityPlans,
    });
    expect(api.getHolosPlans).toHaveBeenCalledWith('component:default/podinfo');
  });

  it('requests nothing without an entity ref', async () => {
    const api = mockBuildApi({ getHolosPlans: jest.fn() });
    const { result } = renderHook(() => useHolosPlans(undefined), {
      wrapper: wrapperFor(api),
    });
    // Lets the (empty) load settle.
    await act(async () => {});
    expect(result.current).toMatchObject({ loading: false });
    expect(result.current.value).toBeUndefined();
    expect(api.getHolosPlans).not.toHaveBeenCalled();
  });
});

describe('useHolosValidation', () => {
  it('sends nothing until asked, then answers for the last text sent only', async () => {
    const first = deferred<HolosValidationResult>();
    const second = deferred<HolosValidationResult>();
    const api = mockBuildApi({
      validateHolosPlans: jest
        .fn()
        .mockReturnValueOnce(first.promise)
        .mockReturnValueOnce(second.promise),
    });
    const { result } = renderHook(() => useHolosValidation(), {
      wrapper: wrapperFor(api),
    });
    expect(result.current.loading).toBe(false);
    expect(api.validateHolosPlans).not.toHaveBeenCalled();

    act(() => result.current.validate('first'));
    act(() => result.current.validate('second'));
    expect(result.current.loading).toBe(true);
    await act(async () => second.resolve(podinfo));
    // The answer to the earlier text arrives late and is dropped.
    await act(async () => first.resolve(stream));
    expect(result.current).toMatchObject({
      value: podinfo,
      loading: false,
      text: 'second',
    });
  });

  it('keeps the text an error is about, and sends it again on retry', async () => {
    const api = mockBuildApi({
      validateHolosPlans: jest
        .fn()
        .mockRejectedValueOnce(new Error('line 1: not YAML'))
        .mockResolvedValueOnce(stream),
    });
    const { result } = renderHook(() => useHolosValidation(), {
      wrapper: wrapperFor(api),
    });
    act(() => result.current.validate('{'));
    await waitFor(() =>
      expect(result.current.error?.message).toBe('line 1: not YAML'),
    );
    expect(result.current.text).toBe('{');
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.value).toEqual(stream));
    expect(result.current.error).toBeUndefined();
    expect(api.validateHolosPlans).toHaveBeenNthCalledWith(2, '{');
  });
});

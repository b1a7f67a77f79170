import { act, renderHook } from '@testing-library/react';
import { useNow } from './useNow';

describe('useNow', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-01-10T10:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('moves on every interval', () => {
    const { result } = renderHook(() => useNow(1_000));
    const start = result.current;
    act(() => jest.advanceTimersByTime(1_000));
    expect(result.current).toBe(start + 1_000);
    act(() => jest.advanceTimersByTime(3_000));
    expect(result.current).toBe(start + 4_000);
  });

  it('catches up at once and keeps the new pace when the interval changes', () => {
    const { result, rerender } = renderHook(
      ({ interval }) => useNow(interval),
      { initialProps: { interval: 30_000 } },
    );
    const start = result.current;
    act(() => jest.advanceTimersByTime(10_000));
    expect(result.current).toBe(start);
    rerender({ interval: 1_000 });
    expect(result.current).toBe(start + 10_000);
    act(() => jest.advanceTimersByTime(1_000));
    expect(result.current).toBe(start + 11_000);
  });

  it('runs no timer while inactive, and catches up once active again', () => {
    const { result, rerender } = renderHook(
      ({ active }) => useNow(1_000, active),
      { initialProps: { active: false } },
    );
    const start = result.current;
    expect(jest.getTimerCount()).toBe(0);
    act(() => jest.advanceTimersByTime(5_000));
    expect(result.current).toBe(start);
    rerender({ active: true });
    expect(result.current).toBe(start + 5_000);
    expect(jest.getTimerCount()).toBe(1);
    rerender({ active: false });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops when unmounted', () => {
    const { unmount } = renderHook(() => useNow(1_000));
    unmount();
    expect(jest.getTimerCount()).toBe(0);
  });
});

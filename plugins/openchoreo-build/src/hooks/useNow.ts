import { useEffect, useState } from 'react';

/**
 * The current time (ms), renewed every `intervalMs` while `active`: relative times and the
 * duration of a running build move on without new data. When not active no timer runs (a list of
 * finished builds costs nothing) and the time stays where it was; it catches up at once when the
 * hook becomes active again or the interval changes.
 */
export function useNow(intervalMs: number, active: boolean = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

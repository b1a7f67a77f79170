import { useEffect, useState } from 'react';

/**
 * The current time (ms), renewed every `intervalMs` so relative times and the duration of a
 * running build move on without new data.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Catch up at once when the interval changes (e.g. a build started: tick every second now).
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

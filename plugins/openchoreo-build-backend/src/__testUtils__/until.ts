/**
 * Resolves once `condition` holds, checking every 5 ms, for state that I/O changes without an event
 * to await (a stream's parsed events, a fake cluster's open watches, stream counts); fails the test
 * if it still does not hold after `timeoutMs` (generous: a loaded CI machine, not a timing claim).
 */
export async function until(
  condition: () => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline)
    await new Promise(resolve => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

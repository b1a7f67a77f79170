/**
 * What the webhook remembers between deliveries: outcomes by delivery id, and claims on builds
 * (one component at one pushed commit) so a replay under a fresh delivery id builds nothing.
 * Implemented on the plugin's database (`DatabaseDeliveryStore`), so every backend replica shares
 * it; run labels (see WebhookService) remain the fallback when its rows were pruned.
 */
export interface DeliveryStore<T> {
  /** The outcome remembered for a delivery key. */
  recall(key: string): Promise<T | undefined>;
  /**
   * Runs `work` for a key while no other caller — in any process sharing the store — does. A
   * caller that had to wait answers what the work remembered (`shared: true`); when it remembered
   * nothing (a failed delivery), the caller runs `work` itself afterwards, as a redelivery would.
   * So that waiters see it, `work` calls `remember` before it returns.
   */
  once(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ value: T; shared: boolean }>;
  remember(key: string, value: T): Promise<void>;
  /** Claims a build for `ttlMs`; false when it is claimed already (built, or being built). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back: its build did not start, so a redelivery may try again. */
  release(key: string): Promise<void>;
}

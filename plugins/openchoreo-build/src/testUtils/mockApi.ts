import type { RunEvent } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { OpenChoreoBuildApi } from '../api';
import {
  MockOpenChoreoBuildApi,
  type MockRunEventSubscription,
} from './MockOpenChoreoBuildApi';

export * from './fixtures';

/**
 * The plugin's own tests' mock: {@link MockOpenChoreoBuildApi} (the `./testUtils` export) with
 * every method a jest.fn, so tests can assert calls and change answers.
 */
export type MockBuildApi = jest.Mocked<OpenChoreoBuildApi> & {
  /** Sends a run event to every open subscription. */
  emit(event: RunEvent): void;
  /** Sends `reset` to every open subscription. */
  reset(): void;
  /** Open subscriptions, with the namespace each asked for. */
  subscriptions: MockRunEventSubscription[];
};

/** The methods of the API (the mock class's, without its test controls). */
const API_METHODS = Object.getOwnPropertyNames(
  MockOpenChoreoBuildApi.prototype,
).filter(name => !['constructor', 'emit', 'reset'].includes(name)) as Array<
  keyof OpenChoreoBuildApi
>;

/** A {@link MockBuildApi}; an override replaces that method as given (usually a jest.fn). */
export function mockBuildApi(
  overrides: Partial<OpenChoreoBuildApi> = {},
): MockBuildApi {
  const fake = new MockOpenChoreoBuildApi();
  const methods = Object.fromEntries(
    API_METHODS.map(name => [
      name,
      overrides[name] ??
        jest.fn((...args: unknown[]) =>
          (fake[name] as (...a: unknown[]) => unknown).apply(fake, args),
        ),
    ]),
  );
  return {
    ...methods,
    subscriptions: fake.subscriptions,
    emit: (event: RunEvent) => fake.emit(event),
    reset: () => fake.reset(),
  } as unknown as MockBuildApi;
}

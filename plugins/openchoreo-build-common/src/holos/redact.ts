import type { HolosGenerator } from './model';

/**
 * What an `AuthSource.value` is replaced with in every report. A Helm repository's basic-auth
 * username and password may be written into a plan as literal values (`Auth`, `types.go@4fa6cb23`);
 * the report says a value is set, never what it is, so it reaches no browser, cache or log.
 *
 * @public
 */
export const HOLOS_REDACTED_VALUE = '(redacted)';

/** A copy of `generator` whose Helm repository auth values are redacted; the input is untouched. */
export function redactGenerator(generator: HolosGenerator): HolosGenerator {
  const repository = generator.helm?.chart?.repository;
  const auth = repository?.auth;
  if (!generator.helm || !repository || !auth || typeof auth !== 'object')
    return generator;
  // A plan that fails the schema may hold a credential in the wrong shape (`password: "…"`): every
  // string under `auth` other than `fromEnv` (an environment variable's name) is redacted.
  const redactSource = <T>(source: T): T => {
    if (typeof source === 'string') return HOLOS_REDACTED_VALUE as T;
    if (!source || typeof source !== 'object') return source;
    return Object.fromEntries(
      Object.entries(source).map(([key, value]) => [
        key,
        key !== 'fromEnv' && value !== undefined && value !== null
          ? HOLOS_REDACTED_VALUE
          : value,
      ]),
    ) as T;
  };
  return {
    ...generator,
    helm: {
      ...generator.helm,
      chart: {
        ...generator.helm.chart,
        repository: {
          ...repository,
          auth: {
            ...auth,
            username: redactSource(auth.username),
            password: redactSource(auth.password),
          },
        },
      },
    },
  };
}

import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import type { RunFilter } from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  ALL_RUN_FILTER_FIELDS,
  offeredRunFilterValues,
  runFilterValuesFromSearch,
  withRunFilterValues,
  type RunFilterField,
  type RunFilterValues,
} from './runFilterParams';

/** State of {@link useRunListFilter}. */
export interface RunListFilterState {
  /** The offered filters as the URL holds them. */
  values: RunFilterValues;
  /** Writes `values` to the URL (replacing every filter parameter). */
  setValues: (values: RunFilterValues) => void;
  /**
   * What to list: the URL's filters with `fixed` over them, "mine" as the signed-in user's entity
   * ref; undefined while that ref is being read (listing before it would show everyone's runs).
   */
  filter?: RunFilter;
  /** Why the signed-in user could not be read for "mine". */
  error?: Error;
  /** Reads the signed-in user again after `error`. */
  retry: () => void;
}

/**
 * A run list's filters, kept in the URL query (`runFilterParams`): those in `fields` (others in
 * the URL are ignored), with `fixed` pinning parts of the filter whatever the URL says (a
 * component's Builds tab pins its component).
 *
 * "Mine" is sent as the user's entity ref (`createdBy`), the same value the backend records as
 * `openchoreo.dev/created-by`, so that the shared `runMatchesFilter` keeps live events of the
 * user's runs on the page.
 */
export function useRunListFilter(
  options: {
    fields?: readonly RunFilterField[];
    fixed?: Partial<RunFilter>;
  } = {},
): RunListFilterState {
  const { fields = ALL_RUN_FILTER_FIELDS, fixed = {} } = options;
  const identityApi = useApi(identityApiRef);
  const [search, setSearch] = useSearchParams();
  const fieldsKey = fields.join(',');
  const values = useMemo(
    () =>
      offeredRunFilterValues(
        runFilterValuesFromSearch(search),
        fieldsKey.split(',') as RunFilterField[],
      ),
    [search, fieldsKey],
  );
  const [user, setUser] = useState<{ ref?: string; error?: Error }>({});
  const [attempt, setAttempt] = useState(0);

  // Read at once, not when "mine" is switched on: by then the ref is known, so the list (and the
  // switch that has the focus) is not replaced by a loading state.
  useEffect(() => {
    let cancelled = false;
    identityApi
      .getBackstageIdentity()
      .then(identity => {
        if (!cancelled) setUser({ ref: identity.userEntityRef });
      })
      .catch((error: Error) => {
        if (!cancelled) setUser({ error });
      });
    return () => {
      cancelled = true;
    };
  }, [identityApi, attempt]);

  const setValues = useCallback(
    (next: RunFilterValues) =>
      setSearch(current => withRunFilterValues(current, next)),
    [setSearch],
  );
  const retry = useCallback(() => {
    setUser({});
    setAttempt(n => n + 1);
  }, []);

  const fixedKey = JSON.stringify(fixed);
  const filter = useMemo((): RunFilter | undefined => {
    if (values.mine && !user.ref) return undefined;
    const { mine, ...shared } = values;
    return {
      ...shared,
      ...(mine ? { createdBy: user.ref } : {}),
      ...(JSON.parse(fixedKey) as Partial<RunFilter>),
    };
  }, [values, user.ref, fixedKey]);

  return {
    values,
    setValues,
    filter,
    error: values.mine ? user.error : undefined,
    retry,
  };
}

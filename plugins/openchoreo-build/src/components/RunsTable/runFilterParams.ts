import {
  RUN_STATUSES,
  type RunStatus,
  type RunTriggerKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * What a run list's filters hold, as the URL query keeps it: the shared `RunFilter` of the list,
 * except that "runs I started" is the `mine` switch (the list resolves it to the signed-in user's
 * entity ref), not a user ref in the URL: a shared link then shows its reader their own builds.
 */
export interface RunFilterValues {
  namespace?: string;
  project?: string;
  component?: string;
  workflow?: string;
  /** Any of these; empty means every status. */
  statuses: RunStatus[];
  branch?: string;
  trigger?: RunTriggerKind;
  mine: boolean;
}

/** The text filters, each kept in the URL under its own name. */
export const TEXT_FILTER_KEYS = [
  'namespace',
  'project',
  'component',
  'workflow',
  'branch',
] as const;

/** A text filter's name. */
export type TextFilterKey = (typeof TEXT_FILTER_KEYS)[number];

/** The query parameters of the filters that are not text. */
const PARAMS = { status: 'status', trigger: 'trigger', mine: 'mine' } as const;

const TRIGGER_KINDS: readonly RunTriggerKind[] = ['user', 'webhook'];

/** No filter set. */
export const NO_RUN_FILTERS: RunFilterValues = { statuses: [], mine: false };

/**
 * The statuses of `status` parameters: repeated (`?status=Running&status=Failed`, what the page
 * writes) or comma-separated (`?status=Running,Failed`, what older links hold). Unknown values are
 * left out, each status is listed once, in `RUN_STATUSES` order.
 */
export function statusesFromParams(values: readonly string[]): RunStatus[] {
  const named = new Set(
    values.flatMap(value => value.split(',')).map(value => value.trim()),
  );
  return RUN_STATUSES.filter(status => named.has(status));
}

/** The filters a URL query holds; values it cannot hold (an unknown trigger) are left out. */
export function runFilterValuesFromSearch(
  search: URLSearchParams,
): RunFilterValues {
  const values: RunFilterValues = {
    statuses: statusesFromParams(search.getAll(PARAMS.status)),
    mine: search.get(PARAMS.mine) === 'true',
  };
  for (const key of TEXT_FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) values[key] = value;
  }
  const trigger = search.get(PARAMS.trigger);
  if (TRIGGER_KINDS.includes(trigger as RunTriggerKind))
    values.trigger = trigger as RunTriggerKind;
  return values;
}

/**
 * `search` with its filter parameters replaced by `values` (other parameters, such as a run
 * page's `step`, are kept). Statuses are written as repeated `status` parameters.
 */
export function withRunFilterValues(
  search: URLSearchParams,
  values: RunFilterValues,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of TEXT_FILTER_KEYS) {
    const value = values[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  next.delete(PARAMS.status);
  for (const status of values.statuses) next.append(PARAMS.status, status);
  if (values.trigger) next.set(PARAMS.trigger, values.trigger);
  else next.delete(PARAMS.trigger);
  if (values.mine) next.set(PARAMS.mine, 'true');
  else next.delete(PARAMS.mine);
  return next;
}

/** How many filters are set (each text, the statuses, the trigger and mine count once). */
export function activeRunFilterCount(values: RunFilterValues): number {
  return [
    ...TEXT_FILTER_KEYS.map(key => values[key]),
    values.statuses.length > 0,
    values.trigger,
    values.mine,
  ].filter(Boolean).length;
}

/** A filter a run list may offer. */
export type RunFilterField = TextFilterKey | 'status' | 'trigger' | 'mine';

/** Every filter, as the Builds page offers them. */
export const ALL_RUN_FILTER_FIELDS: readonly RunFilterField[] = [
  ...TEXT_FILTER_KEYS,
  'status',
  'trigger',
  'mine',
];

/**
 * `values` with only the filters in `fields`: what a list offering those applies and counts (a
 * component's Builds tab ignores a `workflow` left in the URL, as it shows no workflow filter).
 */
export function offeredRunFilterValues(
  values: RunFilterValues,
  fields: readonly RunFilterField[],
): RunFilterValues {
  const offered = (field: RunFilterField) => fields.includes(field);
  const kept: RunFilterValues = {
    statuses: offered('status') ? values.statuses : [],
    mine: offered('mine') && values.mine,
  };
  for (const key of TEXT_FILTER_KEYS) {
    const value = values[key];
    if (offered(key) && value) kept[key] = value;
  }
  if (offered('trigger') && values.trigger) kept.trigger = values.trigger;
  return kept;
}

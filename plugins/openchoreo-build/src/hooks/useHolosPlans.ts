import { useApi } from '@backstage/core-plugin-api';
import type {
  HolosEntityBuildPlans,
  HolosValidationResult,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { useCallback, useRef, useState } from 'react';
import { openChoreoBuildApiRef } from '../api';
import { useRefreshable, type AsyncState } from './useRefreshable';

/**
 * The Holos render plans of a catalog entity (`GET /holos/buildplans?entityRef=`), read from the
 * location its `holos.run/buildplans` annotation names. Without an entity ref (e.g. while the
 * permission is unknown or denied) nothing is requested.
 */
export function useHolosPlans(
  entityRef: string | undefined,
): AsyncState<HolosEntityBuildPlans> {
  const api = useApi(openChoreoBuildApiRef);
  const { value, loading, error, retry } = useRefreshable<
    HolosEntityBuildPlans | undefined
  >(
    () =>
      entityRef ? api.getHolosPlans(entityRef) : Promise.resolve(undefined),
    [api, entityRef],
  );
  if (!entityRef) return { loading: false, retry };
  return { value, loading, error, retry };
}

/** {@link useHolosValidation}: the answer for the last text sent, and `validate` to send one. */
export interface HolosValidationState
  extends AsyncState<HolosValidationResult> {
  /** Sends `text` to `POST /holos/buildplans/validate`; an answer to an earlier text is dropped. */
  validate(text: string): void;
  /** The text the shown answer (or error) is about. */
  text?: string;
}

/**
 * Validation of pasted or uploaded plans, on demand: nothing is sent until `validate` is called.
 * `retry` sends the last text again.
 */
export function useHolosValidation(): HolosValidationState {
  const api = useApi(openChoreoBuildApiRef);
  const [state, setState] = useState<{
    value?: HolosValidationResult;
    loading: boolean;
    error?: Error;
    text?: string;
  }>({ loading: false });
  // Answers to a text sent before the current one are ignored (the user validated again).
  const generation = useRef(0);
  const lastText = useRef<string | undefined>(undefined);

  const validate = useCallback(
    (text: string) => {
      generation.current += 1;
      const mine = generation.current;
      lastText.current = text;
      setState(s => ({ value: s.value, loading: true, text: s.text }));
      api
        .validateHolosPlans(text)
        .then(value => {
          if (generation.current === mine) {
            setState({ value, loading: false, text });
          }
        })
        .catch(error => {
          if (generation.current === mine) {
            setState({ loading: false, error: error as Error, text });
          }
        });
    },
    [api],
  );

  const retry = useCallback(() => {
    if (lastText.current !== undefined) validate(lastText.current);
  }, [validate]);

  return { ...state, validate, retry };
}

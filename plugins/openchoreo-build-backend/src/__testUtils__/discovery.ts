import {
  GENERATION_MARKERS,
  type ApiGeneration,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { http, HttpResponse } from 'msw';

/**
 * An msw handler answering the control plane's discovery of `openchoreo.dev/v1alpha1` with the
 * resources of one generation: the backend asks it (`GenerationDetector`) before reading runs.
 */
export function discoveryHandler(
  controlPlaneUrl: string,
  generation: ApiGeneration = 'v0',
) {
  const names =
    generation === 'v0'
      ? [...GENERATION_MARKERS.v0, 'components']
      : [...GENERATION_MARKERS.v1, 'workflowruns', 'workflows', 'components'];
  return http.get(`${controlPlaneUrl}/apis/openchoreo.dev/v1alpha1`, () =>
    HttpResponse.json({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'openchoreo.dev/v1alpha1',
      resources: names.map(name => ({
        name,
        namespaced: true,
        kind: name,
        verbs: ['get', 'list', 'watch', 'create'],
      })),
    }),
  );
}

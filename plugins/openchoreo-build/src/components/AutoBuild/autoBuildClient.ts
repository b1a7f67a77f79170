import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AutoBuildResponse,
  OpenChoreoComponentRef,
  UpdateAutoBuildRequest,
} from '@openchoreo-build/plugin-openchoreo-build-common';

/**
 * The AutoBuildCard's own small client for
 * `GET|PUT /api/openchoreo-build/components/:ns/:project/:component/autobuild`, built on
 * Backstage's fetchApi (which adds the user's token) and discoveryApi.
 */
export class AutoBuildClient {
  constructor(private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  private async url(target: OpenChoreoComponentRef): Promise<string> {
    const base = await this.options.discoveryApi.getBaseUrl('openchoreo-build');
    const enc = encodeURIComponent;
    return `${base}/components/${enc(target.namespace)}/${enc(target.project)}/${enc(target.component)}/autobuild`;
  }

  async get(target: OpenChoreoComponentRef): Promise<AutoBuildResponse> {
    const response = await this.options.fetchApi.fetch(await this.url(target));
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AutoBuildResponse;
  }

  async set(target: OpenChoreoComponentRef, enabled: boolean): Promise<AutoBuildResponse> {
    const body: UpdateAutoBuildRequest = { enabled };
    const response = await this.options.fetchApi.fetch(await this.url(target), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as AutoBuildResponse;
  }
}

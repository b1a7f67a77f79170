import { ServiceUnavailableError } from '@backstage/errors';
import type { BuildPlane } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { PluginConfig } from '../config/pluginConfig';
import type { ControlPlane } from '../controlplane/ControlPlane';
import type { BuildPlaneConnector } from './BuildPlaneConnector';
import { planConnection, type ConnectionPlan } from './connectionPlan';
import { createConnector } from './createConnector';

/**
 * Finds the BuildPlane serving an org and hands out connectors, cached per object version so that a
 * changed BuildPlane (rotated credentials) gets a fresh connector.
 */
export class BuildPlaneRegistry {
  private readonly connectors = new Map<string, Promise<BuildPlaneConnector>>();

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly config: Pick<PluginConfig, 'clusterGateway' | 'observer' | 'controlPlane'>,
  ) {}

  plan(bp: BuildPlane): ConnectionPlan {
    const observer = this.config.observer;
    let auth: 'bearer' | 'basic' | 'none' = 'none';
    if (observer?.token) auth = 'bearer';
    else if (observer?.username) auth = 'basic';
    return planConnection(bp, {
      gatewayConfigured: Boolean(this.config.clusterGateway?.url),
      observer: observer
        ? { url: observer.url, auth }
        : undefined,
    });
  }

  listBuildPlanes(namespace: string): Promise<BuildPlane[]> {
    return this.controlPlane.listBuildPlanes(namespace);
  }

  /** OpenChoreo's controllers use the first BuildPlane listed in the org namespace. */
  async activeBuildPlane(namespace: string): Promise<BuildPlane> {
    const planes = await this.controlPlane.listBuildPlanes(namespace);
    if (planes.length === 0) {
      throw new ServiceUnavailableError(`Namespace ${namespace} has no BuildPlane, so its builds cannot be reached`);
    }
    return planes[0];
  }

  connectorFor(bp: BuildPlane): Promise<BuildPlaneConnector> {
    const key = `${bp.metadata?.namespace}/${bp.metadata?.name}@${bp.metadata?.uid ?? ''}:${bp.metadata?.resourceVersion ?? ''}`;
    let connector = this.connectors.get(key);
    if (!connector) {
      connector = createConnector(bp, this.plan(bp), {
        controlPlane: this.controlPlane.kubernetes,
        clusterGateway: this.config.clusterGateway,
        timeoutMs: this.config.controlPlane.requestTimeoutMs,
      });
      // A failed construction (missing Secret…) must be retried next time, not cached.
      connector.catch(() => this.connectors.delete(key));
      this.connectors.set(key, connector);
      // Drop older versions of the same plane.
      const prefix = `${bp.metadata?.namespace}/${bp.metadata?.name}@`;
      for (const existing of this.connectors.keys()) {
        if (existing.startsWith(prefix) && existing !== key) this.connectors.delete(existing);
      }
    }
    return connector;
  }

  async activeConnector(namespace: string): Promise<BuildPlaneConnector> {
    return this.connectorFor(await this.activeBuildPlane(namespace));
  }
}

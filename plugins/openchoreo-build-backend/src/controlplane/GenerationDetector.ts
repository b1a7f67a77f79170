import {
  generationsServed,
  organizationGeneration,
  OPENCHOREO_API_GROUP,
  OPENCHOREO_API_VERSION,
  type ApiGeneration,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { ServiceUnavailableError } from '@backstage/errors';
import type { KubernetesClient } from '../kubernetes/KubernetesClient';
import { RESOURCE_TYPES } from './resourceTypes';

/** How long a detection is trusted: an upgrade of the control plane is noticed within this. */
const DEFAULT_TTL_MS = 60_000;

/**
 * Which build API generation the control plane serves, and each organization speaks, read from
 * API discovery (`GET /apis/openchoreo.dev/v1alpha1`) and, when both generations are served, from
 * whether the organization has a BuildPlane (`organizationGeneration` in -common). Answers are
 * cached for a minute; concurrent callers share one request.
 */
export class GenerationDetector {
  private served?: { at: number; value: Promise<ApiGeneration[]> };
  private readonly organizations = new Map<
    string,
    { at: number; value: Promise<ApiGeneration> }
  >();

  constructor(
    private readonly kubernetes: KubernetesClient,
    private readonly options: { ttlMs?: number; now?: () => number } = {},
  ) {}

  private get ttlMs(): number {
    return this.options.ttlMs ?? DEFAULT_TTL_MS;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** The generations the control plane serves (empty: no OpenChoreo build API at all). */
  generations(): Promise<ApiGeneration[]> {
    const cached = this.served;
    if (cached && this.now() - cached.at < this.ttlMs) return cached.value;
    const value = this.kubernetes
      .servedResources(OPENCHOREO_API_GROUP, OPENCHOREO_API_VERSION)
      .then(generationsServed);
    // A failed discovery is not remembered: the next caller asks again.
    value.catch(() => {
      if (this.served?.value === value) this.served = undefined;
    });
    this.served = { at: this.now(), value };
    return value;
  }

  /**
   * The generation of one organization; ServiceUnavailableError when the control plane serves
   * neither (the portal cannot build there, and says so).
   */
  of(namespace: string): Promise<ApiGeneration> {
    const cached = this.organizations.get(namespace);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.value;
    const value = this.detect(namespace);
    value.catch(() => {
      if (this.organizations.get(namespace)?.value === value)
        this.organizations.delete(namespace);
    });
    this.organizations.set(namespace, { at: this.now(), value });
    return value;
  }

  /** Forget what was detected (after a create failed with 404 on the resource, for instance). */
  invalidate(): void {
    this.served = undefined;
    this.organizations.clear();
  }

  private async detect(namespace: string): Promise<ApiGeneration> {
    const served = await this.generations();
    const hasBuildPlane =
      served.length > 1
        ? (
            await this.kubernetes.list(RESOURCE_TYPES.buildPlane, namespace, {
              limit: 1,
            })
          ).items.length > 0
        : false;
    const generation = organizationGeneration(served, { hasBuildPlane });
    if (!generation) {
      throw new ServiceUnavailableError(
        `The control plane serves no OpenChoreo build API (${OPENCHOREO_API_GROUP}/${OPENCHOREO_API_VERSION} has neither ComponentWorkflowRuns nor WorkflowPlanes); check openchoreo.build.controlPlane points at an OpenChoreo control plane`,
      );
    }
    return generation;
  }
}

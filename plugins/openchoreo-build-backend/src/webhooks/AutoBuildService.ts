import { NotFoundError, NotImplementedError } from '@backstage/errors';
import {
  WEBHOOK_PROVIDERS,
  type AutoBuildResponse,
  type Component,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import type { GenerationDetector } from '../controlplane/GenerationDetector';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import { AutoBuildComponents } from './autoBuildComponents';
import type { WebhookConfig } from './config';

/**
 * Reads and switches `Component.spec.autoBuild` (the same field in v0 and v1 Components) and says
 * what a push is matched by: v0 the repository in `systemParameters`, v1 the fields the Workflow
 * marks (and why nothing can match when they cannot be read).
 */
export class AutoBuildService {
  private readonly components: AutoBuildComponents;

  constructor(
    private readonly options: {
      controlPlane: ControlPlane;
      config: WebhookConfig;
      /** The plugin's external base URL, e.g. http://localhost:7007/api/openchoreo-build. */
      externalBaseUrl: () => Promise<string>;
      /** Each organization's generation (the shared detector, `registry.generations`). */
      generations: Pick<GenerationDetector, 'of'>;
    },
  ) {
    this.components = new AutoBuildComponents({
      kubernetes: options.controlPlane.kubernetes,
      generations: options.generations,
      v1: new ControlPlaneV1(options.controlPlane.kubernetes),
    });
  }

  async webhookUrls(): Promise<Record<WebhookProvider, string>> {
    const base =
      this.options.config.publicBaseUrl ??
      (await this.options.externalBaseUrl()).replace(/\/+$/, '');
    return Object.fromEntries(
      WEBHOOK_PROVIDERS.map(p => [p, `${base}/webhooks/${p}`]),
    ) as Record<WebhookProvider, string>;
  }

  /** The component, which must belong to `project` (404 otherwise, like a missing one). */
  private async component(
    namespace: string,
    project: string,
    name: string,
  ): Promise<Component> {
    const component = await this.options.controlPlane.getComponent(
      namespace,
      name,
    );
    const owner = component.spec?.owner?.projectName;
    if (owner && owner !== project) {
      throw new NotFoundError(
        `Component ${namespace}/${name} belongs to project ${owner}, not ${project}`,
      );
    }
    return component;
  }

  async get(
    namespace: string,
    project: string,
    name: string,
    canUpdate: boolean,
  ): Promise<AutoBuildResponse> {
    return this.describe(
      namespace,
      project,
      name,
      await this.component(namespace, project, name),
      canUpdate,
    );
  }

  async update(
    namespace: string,
    project: string,
    name: string,
    enabled: boolean,
  ): Promise<AutoBuildResponse> {
    await this.component(namespace, project, name);
    const patched =
      await this.options.controlPlane.kubernetes.mergePatch<Component>(
        RESOURCE_TYPES.component,
        namespace,
        name,
        {
          spec: { autoBuild: enabled },
        },
      );
    if ((patched.spec?.autoBuild === true) !== enabled) {
      // A v0.9 (or older) Component CRD prunes the unknown field.
      throw new NotImplementedError(
        `The control plane did not keep spec.autoBuild on Component ${namespace}/${name}: its Component CRD predates auto-build (OpenChoreo v0.10)`,
      );
    }
    return this.describe(namespace, project, name, patched, true);
  }

  private async describe(
    namespace: string,
    project: string,
    name: string,
    component: Component,
    canUpdate: boolean,
  ): Promise<AutoBuildResponse> {
    const candidate = await this.components.describe(namespace, component);
    const { repository } = candidate;
    return {
      namespace,
      project,
      component: name,
      autoBuild: component.spec?.autoBuild === true,
      webhookUrls: await this.webhookUrls(),
      canUpdate,
      repository: repository
        ? {
            url: repository.url,
            branch: repository.branch,
            appPath: repository.appPath,
          }
        : undefined,
      // v1 follows v1.2.3's rule whatever the config says: the component's branch when it has one.
      requireBranchMatch:
        candidate.generation === 'v1'
          ? !!repository?.branch
          : this.options.config.requireBranchMatch,
      ...(candidate.problem ? { repositoryProblem: candidate.problem } : {}),
    };
  }
}

import { NotFoundError, NotImplementedError } from '@backstage/errors';
import {
  WEBHOOK_PROVIDERS,
  type AutoBuildResponse,
  type Component,
  type WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { RESOURCE_TYPES } from '../controlplane/resourceTypes';
import type { WebhookConfig } from './config';

/** Reads and switches `Component.spec.autoBuild`. */
export class AutoBuildService {
  constructor(
    private readonly options: {
      controlPlane: ControlPlane;
      config: WebhookConfig;
      /** The plugin's external base URL, e.g. http://localhost:7007/api/openchoreo-build. */
      externalBaseUrl: () => Promise<string>;
    },
  ) {}

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
    const repository = component.spec?.workflow?.systemParameters?.repository;
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
            branch: repository.revision?.branch,
            appPath: repository.appPath,
          }
        : undefined,
      requireBranchMatch: this.options.config.requireBranchMatch,
    };
  }
}

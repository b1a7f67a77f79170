import {
  workflowsNamespaceFor,
  type ComponentWorkflow,
  type ComponentWorkflowListResponse,
  type ComponentWorkflowSummary,
  type Workflow,
  type WorkflowKind,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError, NotFoundError } from '@backstage/errors';
import type {
  BuildPlaneRegistry,
  ResolvedWorkflowPlane,
  RunWorkflowRef,
} from '../buildplane/BuildPlaneRegistry';
import { workflowPlaneCandidates } from '../buildplane/workflowPlaneRef';
import type { ControlPlane } from '../controlplane/ControlPlane';
import { ControlPlaneV1 } from '../controlplane/ControlPlaneV1';
import { ciNamespaceFor } from '../controlplane/resourceTypes';
import {
  allowedWorkflowsOf,
  componentTypeRefOf,
} from '../runs/workflowRunRequest';
import {
  readExternalSecretFailures,
  type ReadExternalSecretFailures,
} from './externalSecretFailures';
import { PlaneSecretReader, type SecretLookup } from './secretLookup';
import {
  requiredSecretsOf,
  workflowReady,
  workflowSchemas,
} from './workflowModel';
import { workflowSummaryV1 } from './workflowModelV1';

export interface WorkflowServiceOptions {
  /** Which key a store lacks, from the operator's events (a fake in tests). */
  readFailures?: ReadExternalSecretFailures;
  /** The v1.x control-plane reads (a fake in tests). */
  controlPlaneV1?: ControlPlaneV1;
}

/** A v1 workflow with the kind it was listed as (list items may carry no `kind`). */
interface ListedWorkflow {
  kind: WorkflowKind;
  workflow: Workflow;
}

const message = (error: unknown) =>
  isError(error) ? error.message : String(error);

/**
 * Serves `/workflows`, per organization in its generation (`registry.generations`): v0
 * ComponentWorkflows (schemas from the shorthand, secrets checked in `openchoreo-ci-<org>` on the
 * org's BuildPlane) or v1 Workflows and ClusterWorkflows (schema as written, secrets checked in
 * `workflows-<org>` on each workflow's own plane).
 */
export class WorkflowService {
  private readonly secrets: PlaneSecretReader;
  private readonly v1: ControlPlaneV1;

  constructor(
    private readonly controlPlane: ControlPlane,
    private readonly registry: BuildPlaneRegistry,
    logger: LoggerService,
    options: WorkflowServiceOptions = {},
  ) {
    this.secrets = new PlaneSecretReader(
      logger,
      options.readFailures ?? readExternalSecretFailures,
    );
    this.v1 =
      options.controlPlaneV1 ?? new ControlPlaneV1(controlPlane.kubernetes);
  }

  async list(namespaces: string[]): Promise<ComponentWorkflowListResponse> {
    const perNamespace = await Promise.all(
      namespaces.map(async ns =>
        (await this.registry.generations.of(ns)) === 'v1'
          ? this.listV1(ns)
          : this.listV0(ns),
      ),
    );
    return { items: perNamespace.flat() };
  }

  /**
   * The workflows a component may be built with. v0: every ComponentWorkflow of its org (v0.9 has
   * no restriction). v1: those its ComponentType's `allowedWorkflows` name, as the WorkflowRun
   * controller enforces (`controller_validate.go@v1.2.3`); an allowed workflow that does not exist
   * is not listed.
   */
  async listForComponent(
    namespace: string,
    project: string,
    component: string,
  ): Promise<ComponentWorkflowListResponse> {
    if ((await this.registry.generations.of(namespace)) === 'v0')
      return this.list([namespace]);
    const allowed = await this.allowedWorkflows(namespace, project, component);
    return {
      items: await this.listV1(namespace, ref =>
        allowed.some(a => a.kind === ref.kind && a.name === ref.name),
      ),
    };
  }

  private async allowedWorkflows(
    namespace: string,
    project: string,
    name: string,
  ): Promise<RunWorkflowRef[]> {
    const component = await this.v1.getComponent(namespace, name);
    const owner = component.spec?.owner?.projectName;
    if (owner && owner !== project) {
      throw new NotFoundError(
        `Component ${namespace}/${name} not found in project ${project} (it belongs to project ${owner})`,
      );
    }
    const typeRef = componentTypeRefOf(component);
    if (!typeRef) {
      throw new NotFoundError(
        `Component ${namespace}/${name} has spec.componentType.name "${
          component.spec?.componentType?.name ?? ''
        }", not {workloadType}/{name}, so the workflows it may run are unknown; fix the Component's spec.componentType`,
      );
    }
    const type = await this.v1.findComponentType(
      typeRef.kind,
      namespace,
      typeRef.name,
    );
    if (!type) {
      throw new NotFoundError(
        `${typeRef.kind} ${typeRef.name} of component ${namespace}/${name} does not exist, so the workflows it may run are unknown; create it or fix the Component's spec.componentType`,
      );
    }
    return allowedWorkflowsOf(type);
  }

  private async listV0(namespace: string): Promise<ComponentWorkflowSummary[]> {
    const workflows = await this.controlPlane.listComponentWorkflows(namespace);
    const ciNamespace = ciNamespaceFor(namespace);
    const declared = workflows.map(wf =>
      requiredSecretsOf(wf.spec?.resources, ciNamespace),
    );
    const lookup = declared.some(d => d.length > 0)
      ? await this.secrets.lookup(
          () => this.registry.activeConnector(namespace),
          ciNamespace,
          namespace,
        )
      : undefined;
    return Promise.all(
      workflows.map(async (wf, i) =>
        summaryV0(
          wf,
          namespace,
          await this.secrets.readiness(declared[i], lookup),
        ),
      ),
    );
  }

  private async listV1(
    namespace: string,
    include: (ref: RunWorkflowRef) => boolean = () => true,
  ): Promise<ComponentWorkflowSummary[]> {
    const [own, cluster] = await Promise.all([
      this.v1.listWorkflows(namespace),
      this.v1.listClusterWorkflows(),
    ]);
    const listed: ListedWorkflow[] = [
      ...own.map(workflow => ({ kind: 'Workflow' as const, workflow })),
      ...cluster.map(workflow => ({
        kind: 'ClusterWorkflow' as const,
        workflow,
      })),
    ].filter(({ kind, workflow }) =>
      include({ kind, name: workflow.metadata?.name ?? '' }),
    );
    const runNamespace = workflowsNamespaceFor(namespace);
    // One read of ExternalSecrets per plane, however many workflows run on it.
    const lookups = new Map<string, Promise<SecretLookup>>();
    const lookupOn = (resolved: ResolvedWorkflowPlane) => {
      const key = `${resolved.kind}/${resolved.plane.metadata?.name}`;
      let lookup = lookups.get(key);
      if (!lookup) {
        lookup = this.secrets.lookup(
          () => this.registry.workflowPlaneConnector(resolved),
          runNamespace,
          `${namespace} on ${this.registry.workflowPlaneLabel(resolved)}`,
        );
        lookups.set(key, lookup);
      }
      return lookup;
    };
    return Promise.all(
      listed.map(async ({ kind, workflow }) => {
        const name = workflow.metadata?.name ?? '';
        // The plane as the controller picks it (`workflowPlaneRef`, defaults applied).
        const plane = await this.registry
          .workflowPlaneFor(namespace, { kind, name })
          .then(
            resolved => ({ resolved }),
            error => ({ error: message(error) }),
          );
        const declared = requiredSecretsOf(
          workflow.spec?.resources,
          runNamespace,
          {
            planeSecretStore:
              'resolved' in plane
                ? plane.resolved.plane.spec?.secretStoreRef?.name
                : undefined,
          },
        );
        let lookup: SecretLookup | undefined;
        if (declared.length > 0)
          lookup =
            'resolved' in plane
              ? await lookupOn(plane.resolved)
              : { error: plane.error };
        return workflowSummaryV1({
          workflow,
          kind,
          namespace,
          // Unresolved (the plane does not exist): the one the workflow names.
          workflowPlane:
            'resolved' in plane
              ? {
                  kind: plane.resolved.kind,
                  name: plane.resolved.plane.metadata?.name ?? '',
                }
              : workflowPlaneCandidates(kind, workflow)[0],
          secrets: await this.secrets.readiness(declared, lookup),
        });
      }),
    );
  }
}

/** The `GET /workflows` view of a v0 ComponentWorkflow. */
function summaryV0(
  wf: ComponentWorkflow,
  namespace: string,
  secrets: ComponentWorkflowSummary['secrets'],
): ComponentWorkflowSummary {
  const { systemParametersSchema, parametersSchema, warnings } =
    workflowSchemas(wf);
  const annotations = wf.metadata?.annotations ?? {};
  const runTemplate = wf.spec?.runTemplate as
    | {
        apiVersion?: string;
        kind?: string;
        spec?: {
          workflowTemplateRef?: { name?: string; clusterScope?: boolean };
        };
      }
    | undefined;
  return {
    namespace,
    name: wf.metadata?.name ?? '',
    generation: 'v0',
    kind: 'ComponentWorkflow',
    displayName: annotations['openchoreo.dev/display-name'],
    description: annotations['openchoreo.dev/description'],
    createdAt: wf.metadata?.creationTimestamp,
    systemParametersSchema,
    parametersSchema,
    schemaWarnings: warnings,
    runTemplate: {
      apiVersion: runTemplate?.apiVersion,
      kind: runTemplate?.kind,
      workflowTemplateRef: runTemplate?.spec?.workflowTemplateRef,
    },
    secrets,
    ready: workflowReady(secrets),
  };
}

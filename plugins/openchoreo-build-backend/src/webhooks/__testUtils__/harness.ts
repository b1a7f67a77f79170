import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import type { startSandbox } from '@openchoreo-build/sandbox';
import type {
  WebhookProvider,
  WebhookResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../../plugin';
import { catalogWith, exampleEntities } from '../../__testUtils__/catalog';
import { permissionsAllowing } from '../../__testUtils__/permissions';
import { deliveryHash, WEBHOOK_RUN_METADATA } from '../deliveryRuns';

/** Shared by the webhook integration suites: a backend on a sandbox, and what deliveries created. */
export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
export type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

export const OC = 'openchoreo.dev/v1alpha1';

export interface BackendOptions {
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  allowOnly?: string[];
  webhooks?: JsonObject;
  auditor?: ReturnType<typeof mockServices.auditor.mock>;
  namespaces?: string[];
  /** Catalog entities (default: the examples). */
  entities?: Entity[];
  /**
   * The plugin's database (default: a fresh in-memory SQLite per backend). Backends given the same
   * one act as replicas sharing it.
   */
  database?: Knex;
}

export async function webhookBackend(
  sandbox: Sandbox,
  options: BackendOptions = {},
): Promise<Server> {
  const { controlPlane, clusterGateway, observer } = sandbox.endpoints;
  const { server } = await startTestBackend({
    features: [
      catalogWith(options.entities ?? exampleEntities()),
      openchoreoBuildPlugin,
      ...(options.auditor ? [options.auditor.factory] : []),
      ...(options.database
        ? [mockServices.database.factory({ knex: options.database })]
        : []),
      options.allowOnly
        ? permissionsAllowing(options.allowOnly)
        : mockServices.permissions.factory({
            result: options.permission ?? AuthorizeResult.ALLOW,
          }),
      mockServices.rootConfig.factory({
        data: {
          openchoreo: {
            build: {
              namespaces: options.namespaces ?? ['default', 'acme', 'platform'],
              controlPlane: {
                url: controlPlane.url,
                token: controlPlane.token,
              },
              clusterGateway: {
                url: clusterGateway.url,
                caData: clusterGateway.caData,
                clientCert: clusterGateway.clientCertData,
                clientKey: clusterGateway.clientKeyData,
              },
              observer: {
                url: observer.url,
                username: observer.username,
                password: observer.password,
              },
              ...(options.webhooks ? { webhooks: options.webhooks } : {}),
            },
          },
        },
      }),
    ],
  });
  return server;
}

/** POSTs a delivery with no Backstage credentials: Git providers send none. */
export function deliver(
  server: Server,
  provider: string,
  body: string,
  headers: Record<string, string>,
) {
  return request(server)
    .post(`/api/openchoreo-build/webhooks/${provider}`)
    .set(headers)
    .send(body);
}

/**
 * The runs a delivery created, read from the control plane by the delivery label (the answer
 * names none), as `<namespace>/<component>` → run name, sorted.
 */
export function runsOfDelivery(
  sandbox: Sandbox,
  res: request.Response,
): Array<{ id: string; namespace: string; component: string; name: string }> {
  const { provider, deliveryId } = res.body as WebhookResponse;
  if (!deliveryId) return [];
  const hash = deliveryHash(provider as WebhookProvider, deliveryId);
  return sandbox.controlPlane
    .list(OC, 'componentworkflowruns')
    .filter(
      run => run.metadata.labels?.[WEBHOOK_RUN_METADATA.deliveryLabel] === hash,
    )
    .map(run => {
      const namespace = run.metadata.namespace ?? '';
      const component =
        (run.spec as { owner?: { componentName?: string } }).owner
          ?.componentName ?? '';
      return {
        id: `${namespace}/${component}`,
        namespace,
        component,
        name: run.metadata.name ?? '',
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export const createdBy = (sandbox: Sandbox, res: request.Response) =>
  runsOfDelivery(sandbox, res).map(r => r.id);

/** A Component of `platform`-style tenants, with autoBuild on unless said otherwise. */
export function componentObject(
  name: string,
  namespace: string,
  url: string,
  appPath: string,
  autoBuild = true,
) {
  return {
    apiVersion: OC,
    kind: 'Component',
    metadata: { name, namespace },
    spec: {
      owner: { projectName: 'internal-tools' },
      componentType: 'deployment/service',
      autoBuild,
      workflow: {
        name: 'docker',
        systemParameters: {
          repository: { url, revision: { branch: 'main' }, appPath },
        },
        parameters: {
          docker: { context: appPath, filePath: `${appPath}/Dockerfile` },
        },
      },
    },
  };
}

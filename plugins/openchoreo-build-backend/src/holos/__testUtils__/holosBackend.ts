import type {
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  openchoreoBuildHolosPlanReadPermission,
  openchoreoBuildHolosValidatePermission,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { catalogWith } from '../../__testUtils__/catalog';
import { permissionsAllowing } from '../../__testUtils__/permissions';
import { openchoreoBuildPlugin } from '../../plugin';

/** The real plugin with a test catalog, permissions and UrlReader, for the Holos route tests. */
export const VALIDATE = '/api/openchoreo-build/holos/buildplans/validate';
export const READ = '/api/openchoreo-build/holos/buildplans';
export const BOTH = [
  openchoreoBuildHolosPlanReadPermission.name,
  openchoreoBuildHolosValidatePermission.name,
];
export const auth = mockCredentials.user.header();

/** A catalog Component in namespace default with `annotations`. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/platform-team',
    },
  };
}

/** A UrlReader answer. */
export function answer(
  text: string,
  etag?: string,
): UrlReaderServiceReadUrlResponse {
  return { buffer: async () => Buffer.from(text, 'utf8'), etag };
}

export type ReadUrl = jest.Mock<
  Promise<UrlReaderServiceReadUrlResponse>,
  [string, UrlReaderServiceReadUrlOptions?]
>;

/** A UrlReader `readUrl` that records its calls. */
export function reader(
  read: (
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ) => Promise<UrlReaderServiceReadUrlResponse> = async url => {
    throw new Error(`unexpected read of ${url}`);
  },
): ReadUrl {
  return jest.fn(read);
}

export interface StartOptions {
  /** Permission names allowed (default: both Holos permissions). */
  allow?: string[];
  entities?: Entity[];
  readUrl?: ReadUrl;
  holos?: { cacheTtlSeconds?: number; localRoots?: string[] };
  integrations?: object;
}

/** The real plugin without a control plane: the Holos routes need none. */
export async function start(options: StartOptions = {}) {
  const { server } = await startTestBackend({
    features: [
      openchoreoBuildPlugin,
      catalogWith(options.entities ?? []),
      permissionsAllowing(options.allow ?? BOTH),
      mockServices.urlReader.mock({
        readUrl: options.readUrl ?? reader(),
      }).factory,
      mockServices.rootConfig.factory({
        data: {
          openchoreo: { build: { holos: options.holos ?? {} } },
          ...(options.integrations
            ? { integrations: options.integrations }
            : {}),
        },
      }),
    ],
  });
  return server;
}

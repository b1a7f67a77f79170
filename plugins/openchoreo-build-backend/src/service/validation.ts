import { InputError } from '@backstage/errors';
import {
  COMMIT_SHA_MESSAGE,
  isCommitSha,
  isRepositoryUrl,
  REPOSITORY_URL_MESSAGE,
  RUN_STATUSES,
  type JsonValue,
  type RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { z, type ZodTypeAny } from 'zod';
import { k8sName } from './routeKit';

/** Parses with zod; failures become one InputError naming each field path. */
export function parse<T extends ZodTypeAny>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const path = issue.path.join('.');
    return `${path || where}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
}

export const namespaceQuery = z.object({ namespace: k8sName.optional() }).passthrough();

export const objectParams = z.object({ ns: k8sName, name: k8sName });

const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform(value => (Array.isArray(value) ? value : value.split(',')).map(s => s.trim()).filter(Boolean))
  .pipe(z.array(z.enum(RUN_STATUSES as [RunStatus, ...RunStatus[]])));

export const listRunsQuery = z
  .object({
    namespace: k8sName.optional(),
    project: k8sName.optional(),
    component: k8sName.optional(),
    workflow: k8sName.optional(),
    status: statusList.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(8192).optional(),
  })
  .strict();

/** The run CRD's rules, shared with the start form (`-common` rules/runSpecRules.ts). */
const commitSha = z.string().refine(isCommitSha, COMMIT_SHA_MESSAGE);

const repositoryUrl = z.string().max(2048).refine(isRepositoryUrl, REPOSITORY_URL_MESSAGE);

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(jsonValue)]),
);

export const createRunBody = z
  .object({
    namespace: k8sName,
    project: k8sName,
    component: k8sName,
    workflow: k8sName.optional(),
    systemParameters: z
      .object({
        repository: z
          .object({
            url: repositoryUrl.optional(),
            revision: z
              .object({ branch: z.string().min(1).max(255).optional(), commit: commitSha.optional() })
              .strict()
              .optional(),
            appPath: z.string().min(1).max(1024).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    parameters: z.record(jsonValue).optional(),
  })
  .strict();

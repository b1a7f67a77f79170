import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  BRANCH_NAME_MAX_LENGTH,
  BRANCH_NAME_MESSAGE,
  COMMIT_SHA_MESSAGE,
  isBranchName,
  isCommitSha,
  isRepositoryUrl,
  REPOSITORY_URL_MESSAGE,
  RUN_STATUSES,
  type JsonValue,
  type RunFilter,
  type RunStatus,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { z, type ZodTypeAny } from 'zod';
import { findBoundsProblem } from './bounds';
import { k8sName } from './routeKit';
import {
  FieldInputError,
  SHELL_TEXT_MESSAGE,
  isShellInertText,
} from '../runs/runValidation';
import { userEntityRefOf } from '../runs/runTrigger';

function isUserPrincipal(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: string }).type === 'user';
}

/**
 * A boolean query flag: `true`, `1` or present without a value (`?follow`) is true; `false` or
 * `0` false; absent → `fallback`. The default sits before the transform on purpose: zod 4 (which
 * a Backstage app may resolve for `zod`) returns a `.default()` placed after a transform as is,
 * untransformed, so the string `'false'` would read as true.
 */
export function queryFlag(fallback: boolean) {
  return z
    .enum(['true', 'false', '1', '0', ''])
    .default(fallback ? 'true' : 'false')
    .transform(value => value === 'true' || value === '1' || value === '');
}

/**
 * Parses with zod; failures become one 400 naming each field path, in the message and (for the
 * issues at a field) as `fieldErrors` (`FieldError` path syntax of -common).
 */
export function parse<T extends ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const path = issue.path.join('.');
    return `${path || where}: ${issue.message}`;
  });
  throw new FieldInputError(
    `Invalid ${where}: ${problems.join('; ')}`,
    result.error.issues
      .filter(issue => issue.path.length > 0)
      .map(issue => ({ path: issue.path.join('.'), message: issue.message })),
  );
}

export const namespaceQuery = z
  .object({ namespace: k8sName.optional() })
  .passthrough();

export const objectParams = z.object({ ns: k8sName, name: k8sName });

/** `GET /buildplanes/:ns/:name?kind=`: which plane kind the name is of (v1.x has two). */
export const buildPlaneKindQuery = z
  .object({
    kind: z
      .enum(['BuildPlane', 'WorkflowPlane', 'ClusterWorkflowPlane'])
      .optional(),
  })
  .passthrough();

/** `status`: repeated (`?status=Failed&status=Running`), comma-separated, or both. */
const statusList = z
  .union([z.string(), z.array(z.string())])
  .transform(value =>
    (Array.isArray(value) ? value : [value])
      .flatMap(s => s.split(','))
      .map(s => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(RUN_STATUSES as [RunStatus, ...RunStatus[]])));

/** The run CRD's rules, shared with the start form (`-common` rules/runSpecRules.ts). */
const commitSha = z.string().refine(isCommitSha, COMMIT_SHA_MESSAGE);

const repositoryUrl = z
  .string()
  .max(2048)
  .refine(isRepositoryUrl, REPOSITORY_URL_MESSAGE);

const branch = z
  .string()
  .min(1)
  .max(BRANCH_NAME_MAX_LENGTH)
  .refine(isBranchName, BRANCH_NAME_MESSAGE);

/** A parameter given once: express makes a repeated one (`?a=1&a=2`) an array. */
const single = <T extends ZodTypeAny>(schema: T, what: string) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (Array.isArray(value))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `give one ${what}, not ${value.length} (the parameter was repeated)`,
          fatal: true,
        });
    })
    .pipe(schema);

/** `createdBy=me`: the caller's own user entity ref (see `runFilterOf`). */
export const CREATED_BY_ME = 'me';

/** `createdBy`: `me`, or a user entity ref written as runs carry it (`userEntityRefOf`). */
const createdByFilter = z
  .string()
  .max(512)
  .transform((value, ctx) => {
    if (value === CREATED_BY_ME) return value;
    const ref = userEntityRefOf(value);
    if (ref) return ref;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be a user entity ref like user:default/jane (kind User), or "${CREATED_BY_ME}" for the caller`,
    });
    return z.NEVER;
  });

const triggerFilter = z.enum(['user', 'webhook'], {
  errorMap: () => ({
    message:
      'must be "user" (started through the portal) or "webhook" (started by a Git push)',
  }),
});

/**
 * `GET /runs`: the `RunFilter` fields (status repeated or comma-separated) and paging. Turn it into
 * the filter with `runFilterOf`.
 */
export const listRunsQuery = z
  .object({
    namespace: k8sName.optional(),
    project: k8sName.optional(),
    component: k8sName.optional(),
    workflow: k8sName.optional(),
    status: statusList.optional(),
    branch: single(branch, 'branch').optional(),
    trigger: single(triggerFilter, 'trigger').optional(),
    createdBy: single(createdByFilter, 'createdBy').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(8192).optional(),
  })
  .strict();

/**
 * The filter a `GET /runs` query asks for. `createdBy=me` becomes the caller's user entity ref
 * (what the portal writes as the creator of the runs they start), so a client can ask for "mine"
 * without knowing its own ref; a caller that is not a signed-in user has none (400).
 */
export function runFilterOf(
  query: z.infer<typeof listRunsQuery>,
  credentials: BackstageCredentials,
): RunFilter {
  let createdBy = query.createdBy;
  if (createdBy === CREATED_BY_ME) {
    createdBy = isUserPrincipal(credentials)
      ? credentials.principal.userEntityRef
      : undefined;
    if (!createdBy)
      throw new FieldInputError(
        `Invalid query: createdBy: "${CREATED_BY_ME}" needs a signed-in user; a service or anonymous caller gives the user entity ref (createdBy=user:default/jane)`,
        [
          {
            path: 'createdBy',
            message: `"${CREATED_BY_ME}" needs a signed-in user`,
          },
        ],
      );
  }
  return {
    namespace: query.namespace,
    project: query.project,
    component: query.component,
    workflow: query.workflow,
    statuses: query.status,
    branch: query.branch,
    trigger: query.trigger,
    createdBy,
  };
}

const appPath = z
  .string()
  .min(1)
  .max(1024)
  .refine(isShellInertText, SHELL_TEXT_MESSAGE);

// Recursion is safe here only because the body passed `findBoundsProblem` (depth ≤ 16) first.
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(jsonValue),
  ]),
);

const createRunFields = z
  .object({
    namespace: k8sName,
    project: k8sName,
    component: k8sName,
    workflow: k8sName.optional(),
    /** v1: which kind `workflow` names (the API defaults to ClusterWorkflow); v0 ignores it. */
    workflowKind: z.enum(['Workflow', 'ClusterWorkflow']).optional(),
    systemParameters: z
      .object({
        repository: z
          .object({
            url: repositoryUrl.optional(),
            revision: z
              .object({
                branch: branch.optional(),
                commit: commitSha.optional(),
              })
              .strict()
              .optional(),
            appPath: appPath.optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    parameters: z.record(jsonValue).optional(),
  })
  .strict();

/**
 * `POST /runs`. Size and depth bounds (service/bounds.ts) are checked by an iterative walk before
 * any recursive schema sees the body; which parameter strings may carry shell syntax depends on
 * the workflow's schema, so that is RunService's check.
 */
export const createRunBody = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = findBoundsProblem(value, 'body');
    if (problem)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [problem.path],
        message: problem.message,
        fatal: true,
      });
  })
  .pipe(createRunFields);

import { mockCredentials } from '@backstage/backend-test-utils';
import type { startSandbox } from '@openchoreo-build/sandbox';
import { SEED_CATALOG, type KObject } from '@openchoreo-build/sandbox';
import type {
  AutoBuildResponse,
  BuildPlaneListResponse,
  RunDetail,
  RunListResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  githubHeaders,
  githubPushPayload,
} from '../../webhooks/__testUtils__/payloads';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** The seed's organizations: v0.9 default (agent), acme (direct), platform (agent); v1 nova. */
export const ORGANIZATIONS = SEED_CATALOG.map(org => org.org);

/** Whether a run (v0 or v1) has its condition `WorkflowRunning` True. */
function isRunning(run: KObject | undefined): boolean {
  const conditions = (run?.status as { conditions?: unknown } | undefined)
    ?.conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some(
      (c: { type?: string; status?: string }) =>
        c.type === 'WorkflowRunning' && c.status === 'True',
    )
  );
}

interface Answer {
  status: number;
  body: unknown;
}

/**
 * Calls every route of the plugin that reaches a cluster, in every organization of the sandbox
 * (both API generations, direct and agent build planes): run lists, run details with their
 * diagnosis, step logs, the events stream, build planes with their live checks, workflows with
 * their secrets, component defaults, auto-build read and switch, starting and cancelling runs and
 * a signed webhook delivery. Fails on any answer that is not a success, so a request that stopped
 * early cannot hide what a complete one would have asked.
 */
export async function exerciseBackend(
  sandbox: Sandbox,
  baseUrl: string,
): Promise<void> {
  const call = async (
    method: string,
    url: string,
    body?: object,
  ): Promise<Answer> => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        Authorization: mockCredentials.user.header(),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) {
      throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
    }
    const json = res.headers.get('content-type')?.includes('json');
    return { status: res.status, body: json ? JSON.parse(text) : text };
  };

  for (const org of ORGANIZATIONS) {
    // `/events` ends after its first frames here: what matters is the watch it starts.
    const events = await fetch(`${baseUrl}/events?namespace=${org}`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    await events.body?.cancel();
    const runs = (await call('GET', `/runs?namespace=${org}&limit=50`))
      .body as RunListResponse;
    // One run of every status the seed has: each status reads other facts for its diagnosis.
    const oneOfEachStatus = [
      ...new Map(runs.items.map(run => [run.status, run])).values(),
    ];
    for (const run of oneOfEachStatus) {
      const detail = (await call('GET', `/runs/${org}/${run.name}`))
        .body as RunDetail;
      const step = detail.steps[0];
      if (step) {
        await call(
          'GET',
          `/runs/${org}/${run.name}/steps/${encodeURIComponent(
            step.id,
          )}/logs?follow=false`,
        );
      }
    }
  }

  const planes = (await call('GET', '/buildplanes'))
    .body as BuildPlaneListResponse;
  for (const plane of planes.items) {
    const kind = plane.kind ? `?kind=${plane.kind}` : '';
    await call('GET', `/buildplanes/${plane.namespace}/${plane.name}${kind}`);
  }
  await call('GET', '/workflows');

  for (const org of SEED_CATALOG) {
    const component = org.components[0].name;
    const at = `/components/${org.org}/${org.project}/${component}`;
    await call('GET', at);
    await call('GET', `${at}/workflows`);
    const autoBuild = (await call('GET', `${at}/autobuild`))
      .body as AutoBuildResponse;
    await call('PUT', `${at}/autobuild`, { enabled: !autoBuild.autoBuild });
    await call('PUT', `${at}/autobuild`, { enabled: autoBuild.autoBuild });

    const created = (
      await call('POST', '/runs', {
        namespace: org.org,
        project: org.project,
        component,
      })
    ).body as RunDetail;
    // Cancelling patches the run's Argo Workflow, which exists once the run is running.
    await sandbox.waitForObject(
      sandbox.controlPlane,
      'openchoreo.dev/v1alpha1',
      created.generation === 'v1' ? 'workflowruns' : 'componentworkflowruns',
      org.org,
      created.name,
      run => isRunning(run),
    );
    await call('GET', `/runs/${org.org}/${created.name}`);
    await call('POST', `/runs/${org.org}/${created.name}/cancel`);
  }

  const delivery = JSON.stringify(
    githubPushPayload({
      commits: [{ modified: ['service-go-greeter/main.go'] }],
    }),
  );
  const hook = await fetch(`${baseUrl}/webhooks/github`, {
    method: 'POST',
    headers: githubHeaders(sandbox.endpoints.webhooks.githubSecret, delivery),
    body: delivery,
  });
  if (hook.status !== 200) {
    throw new Error(`the webhook delivery answered ${hook.status}`);
  }
}

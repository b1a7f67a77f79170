import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox, type KObject } from '@openchoreo-build/sandbox';
import type {
  RunDetail,
  RunLogPageResponse,
  StepLogPageResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import request from 'supertest';
import { openchoreoBuildPlugin } from '../plugin';
import { catalogWith, exampleEntities } from '../__testUtils__/catalog';
import {
  listFiles,
  loadReferenceYaml,
  referencePath,
} from '../__testUtils__/reference';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';

jest.setTimeout(90_000);

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
const OC = 'openchoreo.dev/v1alpha1';
const WF = 'argoproj.io/v1alpha1';
/** The steps of docker-gitops-release (samples/…/docker-gitops-release-template.yaml@v0.12.0). */
const GITOPS_STEPS = [
  'clone-source',
  'build-image',
  'push-image',
  'extract-descriptor',
  'clone-gitops',
  'create-feature-branch',
  'generate-gitops-resources',
  'git-commit-push-pr',
];

/**
 * Runs whose Argo Workflow the TTL deleted (v0.9: no `status.tasks`): the portal rebuilds their
 * steps from the observer, which files lines by pod UID, and reads the observer that the org's
 * BuildPlane names through its ObservabilityPlane, with a client-credentials JWT.
 */
describe('expired runs from the observer archive (sandbox)', () => {
  let sandbox: Sandbox;
  let stateDir: string;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-archive-it-'));
    sandbox = await startSandbox({ portBase: 0, speed: 'fast', stateDir });
    // The build plane's ClusterWorkflowTemplates, as OpenChoreo v0.9 installs them (the sandbox
    // seeds the GitOps guide's docker-gitops-release itself).
    for (const file of listFiles(
      referencePath(
        'openchoreo',
        'samples-v0.9.0',
        'cluster-workflow-templates',
      ),
    )) {
      for (const template of loadReferenceYaml<KObject>(file))
        sandbox.buildPlane.create(template, 'clusterworkflowtemplates');
    }
    const config = sandboxPluginConfig(sandbox, {
      // No fallback URL: the observer must be found through the ObservabilityPlane the
      // BuildPlanes name (its URL is the sandbox's plain-http observer).
      observer: { auth: { ...sandbox.endpoints.observer.auth } },
      allowInsecureBuildPlanes: true,
    });
    const backend = await startTestBackend({
      features: [
        catalogWith(exampleEntities()),
        openchoreoBuildPlugin,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const get = (url: string) =>
    request(server)
      .get(`/api/openchoreo-build${url}`)
      .set('Authorization', mockCredentials.user.header());

  /**
   * A finished run of the `platform` org (its v0.9 BuildPlane names the ObservabilityPlane) that
   * ended `phase` and whose Workflow is gone: seeded as expired, or its Workflow deleted here as
   * the TTL would (`ttlStrategy`; the pods go with it, the archive stays). With the sandbox's
   * record of its pods.
   */
  function expiredRun(phase: 'Succeeded' | 'Failed') {
    const org = 'platform';
    const ended = (r: KObject) =>
      (
        r.status as
          | { conditions?: Array<{ type: string; status: string }> }
          | undefined
      )?.conditions?.some(
        c => c.type === `Workflow${phase}` && c.status === 'True',
      );
    const runs = sandbox.controlPlane
      .list(OC, 'componentworkflowruns', org)
      .filter(ended);
    const workflowOf = (r: KObject) =>
      sandbox.buildPlane.get(
        WF,
        'workflows',
        `openchoreo-ci-${org}`,
        r.metadata.name!,
      );
    const run = runs.find(r => !workflowOf(r)) ?? runs[0];
    expect(run).toBeDefined();
    if (workflowOf(run))
      sandbox.buildPlane.delete(
        WF,
        'workflows',
        `openchoreo-ci-${org}`,
        run.metadata.name!,
      );
    const name = run.metadata.name!;
    // The pods' `main` logs as the sandbox's log store holds them, with the pods' UIDs.
    const mains = [...sandbox.buildPlane.logs.all()].filter(
      c => c.workflow === name && c.container === 'main',
    );
    return { name, mains };
  }

  it('names the steps of a succeeded run after its template and serves each step log by its id', async () => {
    const { name, mains } = expiredRun('Succeeded');
    const detail = (await get(`/runs/platform/${name}`).expect(200))
      .body as RunDetail;
    expect(detail.execution).toMatchObject({ found: false, expired: true });
    expect(detail.stepsSource).toBe('archive');
    expect(detail.wholeRunLog).toBeUndefined();
    // The steps of the docker-gitops-release ClusterWorkflowTemplate, in its order.
    expect(detail.steps.map(s => s.name)).toEqual(GITOPS_STEPS);
    for (const step of detail.steps) {
      // Each step is the pod that ran it (its podUid), and keeps the Argo node id it had while the
      // Workflow existed: a v2 pod name ends with the hash of that node id.
      const pod = mains.find(c => c.pod.includes(`-${step.name}-`))!;
      expect(step).toMatchObject({
        id: `${name}-${pod.pod.split('-').pop()}`,
        podUid: pod.podUid,
      });
      const page = (
        await get(
          `/runs/platform/${name}/steps/${step.id}/logs?follow=false&limit=10000`,
        ).expect(200)
      ).body as StepLogPageResponse;
      expect(page).toMatchObject({ source: 'archive', complete: true });
      expect(page.lines.map(l => l.text)).toEqual(pod.lines.map(l => l.text));
    }
    // The name works as well as the id.
    const byName = (
      await get(
        `/runs/platform/${name}/steps/build-image/logs?follow=false&limit=10000`,
      ).expect(200)
    ).body as StepLogPageResponse;
    expect(byName.lines.length).toBe(
      mains.find(c => c.pod.includes('-build-image-'))!.lines.length,
    );
  });

  it('serves the whole-run log: every main line in time order, each tagged with its step', async () => {
    const { name, mains } = expiredRun('Succeeded');
    const body = (
      await get(`/runs/platform/${name}/logs?limit=10000`).expect(200)
    ).body as RunLogPageResponse;
    const total = mains.reduce((sum, c) => sum + c.lines.length, 0);
    expect(body).toMatchObject({ complete: true, nextOffset: total });
    expect(body.lines.map(l => l.n)).toEqual([...Array(total).keys()]);
    const stamps = body.lines.map(l => Date.parse(l.ts!));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const detail = (await get(`/runs/platform/${name}`).expect(200))
      .body as RunDetail;
    for (const container of mains) {
      const stepId = detail.steps.find(s => s.podUid === container.podUid)!.id;
      expect(
        body.lines.filter(l => l.step === stepId).map(l => l.text),
      ).toEqual(container.lines.map(l => l.text));
    }
    expect(body.steps.map(s => s.name)).toEqual(GITOPS_STEPS);
    // Paging and the download.
    const second = (
      await get(`/runs/platform/${name}/logs?offset=3&limit=2`).expect(200)
    ).body as RunLogPageResponse;
    expect(second.lines).toEqual(body.lines.slice(3, 5));
    expect(second).toMatchObject({ complete: false, nextOffset: 5 });
    const file = await get(`/runs/platform/${name}/logs?download=1`).expect(
      200,
    );
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="${name}-whole-run.log"`,
    );
    expect(file.text.split('\n').filter(Boolean)).toHaveLength(total);
    expect(file.text).toMatch(/^\[clone-source\] /);
  });

  it('names the pods of a failed run by their position in the template (the steps after the failure never ran)', async () => {
    const { name, mains } = expiredRun('Failed');
    const detail = (await get(`/runs/platform/${name}`).expect(200))
      .body as RunDetail;
    expect(detail.stepsSource).toBe('archive');
    expect(detail.wholeRunLog).toBeUndefined();
    expect(detail.steps.length).toBeLessThan(GITOPS_STEPS.length);
    expect(detail.steps.map(s => s.name)).toEqual(
      GITOPS_STEPS.slice(0, detail.steps.length),
    );
    expect(detail.steps[detail.steps.length - 1].phase).toBe('Failed');
    for (const step of detail.steps) {
      // The pod the sandbox ran for that step (its name carries the step's template and node hash).
      const pod = mains.find(c => c.podUid === step.podUid)!;
      expect(pod.pod).toBe(
        `${name}-${step.name}-${step.id.slice(name.length + 1)}`,
      );
      const page = (
        await get(
          `/runs/platform/${name}/steps/${step.id}/logs?follow=false&limit=10000`,
        ).expect(200)
      ).body as StepLogPageResponse;
      expect(page.lines.map(l => l.text)).toEqual(pod.lines.map(l => l.text));
    }
    // The whole-run log is there too.
    const whole = (
      await get(`/runs/platform/${name}/logs?limit=10000`).expect(200)
    ).body as RunLogPageResponse;
    expect(whole.steps.map(s => s.name)).toEqual(detail.steps.map(s => s.name));
  });

  it('answers clear errors for bad whole-run log input', async () => {
    const { name } = expiredRun('Succeeded');
    const follow = await get(`/runs/platform/${name}/logs?follow=true`).expect(
      400,
    );
    expect(follow.body.error.message).toMatch(
      /whole-run log has no live stream/,
    );
    await get(`/runs/platform/${name}/logs?limit=20000`).expect(400);
    await get(`/runs/platform/${name}/logs?bogus=1`).expect(400);
    await get('/runs/platform/no-such-run/logs').expect(404);
    await get(`/runs/nowhere/${name}/logs`).expect(404);
  });
});

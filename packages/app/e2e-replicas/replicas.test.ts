import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  parseStepLogLinesData,
  stepLogLinesOf,
  type RunEvent,
  type StepLogPageResponse,
  type WebhookDeliveriesResponse,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import {
  deliveryRunSelector,
  pushHeaders,
  pushPayload,
} from '../e2e-tests/githubPush';
import {
  createGreeterBuild,
  createHeldGreeterBuild,
  SANDBOX_DIR,
  terminateWorkflow,
} from '../e2e-tests/sandbox';
import { backstageToken, signIn } from '../e2e-production/session';
import { SseClient, type SseMessage } from './sseClient';

/**
 * The replicas topology (`./scripts/start.sh --replicas 2`, see playwright.replicas.config.ts): two
 * backend replicas on PostgreSQL and Redis behind HAProxy (round robin). Each test talks to the
 * replicas directly where it matters which one answers: what one replica did, the other must know
 * (a redelivered webhook builds nothing new), and a stream broken on one resumes on the other
 * without reset, gap or duplicate.
 */

interface Topology {
  proxy: string;
  replicas: string[];
}

const topology = (): Topology =>
  JSON.parse(fs.readFileSync(path.join(SANDBOX_DIR, 'replicas.json'), 'utf8'));

const githubSecret = (): string =>
  JSON.parse(fs.readFileSync(path.join(SANDBOX_DIR, 'endpoints.json'), 'utf8'))
    .webhooks.githubSecret;

const API = '/api/openchoreo-build';
let token = '';
const auth = () => ({ Authorization: `Bearer ${token}` });

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await signIn(page, 'pat');
  token = await backstageToken(page);
  await page.close();
  expect(topology().replicas).toHaveLength(2);
});

/** The run events of `runName` a stream delivered, as `type status resourceVersion`. */
function runEventsOf(client: SseClient, runName: string): string[] {
  return client.messages
    .filter(m => m.event === 'run')
    .map(m => JSON.parse(m.data) as RunEvent)
    .filter(e => e.run.name === runName)
    .map(e => `${e.type} ${e.run.status} ${e.run.resourceVersion}`);
}

const isRunEvent =
  (runName: string, status?: string) =>
  (m: SseMessage): boolean => {
    if (m.event !== 'run') return false;
    const event = JSON.parse(m.data) as RunEvent;
    return (
      event.run.name === runName &&
      (status === undefined || event.run.status === status)
    );
  };

async function deliveriesOf(
  request: APIRequestContext,
  replica: string,
): Promise<WebhookDeliveriesResponse> {
  const response = await request.get(
    `${replica}${API}/components/default/default/greeter-service/autobuild/deliveries`,
    { headers: auth() },
  );
  expect(response.status()).toBe(200);
  return response.json();
}

/** How many runs a delivery started, counted in the control plane (v0.9 `default`, v1.2.3 `nova`). */
async function runsOfDelivery(deliveryId: string): Promise<number> {
  const controlPlane: { url: string; token: string } = JSON.parse(
    fs.readFileSync(path.join(SANDBOX_DIR, 'endpoints.json'), 'utf8'),
  ).controlPlane;
  const selector = encodeURIComponent(deliveryRunSelector(deliveryId));
  let count = 0;
  for (const [namespace, plural] of [
    ['default', 'componentworkflowruns'],
    ['nova', 'workflowruns'],
  ]) {
    const response = await fetch(
      `${controlPlane.url}/apis/openchoreo.dev/v1alpha1/namespaces/${namespace}/${plural}?labelSelector=${selector}`,
      { headers: { Authorization: `Bearer ${controlPlane.token}` } },
    );
    expect(response.status).toBe(200);
    count += (await response.json()).items.length;
  }
  return count;
}

test('one webhook delivery sent to both replicas at once builds once; a redelivery builds nothing; both list it', async ({
  request,
}) => {
  const [first, second] = topology().replicas;
  const { body, after } = pushPayload(['service-go-greeter/main.go']);
  const deliveryId = randomUUID();
  const headers = pushHeaders(body, githubSecret(), deliveryId);
  const deliver = (replica: string) =>
    request.post(`${replica}${API}/webhooks/github`, { data: body, headers });

  // A provider retrying while the first attempt is still in progress, each routed elsewhere.
  const answers = await Promise.all([deliver(first), deliver(second)]);
  for (const answer of answers) expect(answer.status()).toBe(200);
  const results = await Promise.all(answers.map(a => a.json()));
  for (const result of results) expect(result.commit).toBe(after);
  // greeter-service (v0.9) and greeting-service (v1.2.3) are built from this path: two runs.
  expect(results.map(r => r.runsStarted).sort()).toEqual([0, 2]);
  expect(await runsOfDelivery(deliveryId)).toBe(2);

  // GitHub's "Redeliver" later, to the replica that did not build.
  const builder = results[0].runsStarted === 2 ? first : second;
  const other = builder === first ? second : first;
  const redelivered = await deliver(other);
  expect(redelivered.status()).toBe(200);
  expect(await redelivered.json()).toMatchObject({
    duplicate: true,
    runsStarted: 0,
  });
  expect(await runsOfDelivery(deliveryId)).toBe(2);

  // Each receipt is an entry of the delivery log, whichever replica took it: one built, two did not.
  for (const replica of [first, second]) {
    const { items } = await deliveriesOf(request, replica);
    const ofThisPush = items.filter(d => d.deliveryId === deliveryId);
    expect(ofThisPush.map(d => d.componentOutcome).sort()).toEqual([
      'created',
      'duplicate',
      'duplicate',
    ]);
    expect(ofThisPush.every(d => d.commit === after)).toBe(true);
    expect(ofThisPush.flatMap(d => d.runs)).toHaveLength(1);
  }
});

test('an /events client that reconnects to the other replica resumes without reset, gap or duplicate', async () => {
  const [first, second] = topology().replicas;
  const url = (replica: string) => `${replica}${API}/events?namespace=default`;
  // The whole story, told by the other replica to a client that never disconnects.
  const witness = await SseClient.open(url(second), auth());
  const onFirst = await SseClient.open(url(first), auth());
  try {
    await witness.waitFor(m => m.event === 'ready', 'ready (witness)');
    await onFirst.waitFor(m => m.event === 'ready', 'ready (first replica)');

    // Created directly in the control plane (as kubectl would): both replicas learn of it from
    // their own watch only.
    const runName = await createGreeterBuild();
    await onFirst.waitFor(isRunEvent(runName), `the first event of ${runName}`);
    onFirst.close();
    const resumeFrom = onFirst.lastEventId;
    expect(resumeFrom).toMatch(/^default:\d+$/);

    // The build runs to its end while the client is away.
    await witness.waitFor(
      isRunEvent(runName, 'Succeeded'),
      `${runName} succeeding (witness)`,
      120_000,
    );
    const onSecond = await SseClient.open(url(second), {
      ...auth(),
      'Last-Event-ID': resumeFrom!,
    });
    try {
      await onSecond.waitFor(
        isRunEvent(runName, 'Succeeded'),
        `${runName} succeeding (after resuming)`,
      );
      expect(onSecond.messages.map(m => m.event)).not.toContain('reset');
      expect([
        ...runEventsOf(onFirst, runName),
        ...runEventsOf(onSecond, runName),
      ]).toEqual(runEventsOf(witness, runName));
      expect(runEventsOf(onSecond, runName).length).toBeGreaterThan(0);
    } finally {
      onSecond.close();
    }
  } finally {
    onFirst.close();
    witness.close();
  }
});

test('a step log stream that reconnects to the other replica resumes without gap or duplicate', async ({
  request,
}) => {
  const [first, second] = topology().replicas;
  const runName = await createHeldGreeterBuild();
  const stepUrl = (replica: string) =>
    `${replica}${API}/runs/default/${runName}/steps/build-step/logs`;
  const linesOf = (client: SseClient) =>
    client.messages
      .filter(m => m.event === 'line')
      .flatMap(m => stepLogLinesOf(parseStepLogLinesData(m.data)))
      .map(l => `${l.n} ${l.text}`);

  const onFirst = await SseClient.open(stepUrl(first), auth());
  let onSecond: SseClient | undefined;
  try {
    await onFirst.waitFor(m => m.event === 'line', 'a line', 120_000);
    onFirst.close();
    const resumeFrom = onFirst.lastEventId!;
    onSecond = await SseClient.open(stepUrl(second), {
      ...auth(),
      'Last-Event-ID': resumeFrom,
    });
    await onSecond.waitFor(m => m.event === 'line', 'a line after resuming');
    // End the build: the stream ends with every line the step wrote.
    await terminateWorkflow(runName);
    const end = await onSecond.waitFor(m => m.event === 'end', 'end', 120_000);
    const { totalLines } = JSON.parse(end.data) as { totalLines: number };

    // The whole log, read at once from the first replica.
    const page = await request.get(
      `${stepUrl(first)}?follow=false&limit=10000`,
      {
        headers: auth(),
      },
    );
    expect(page.status()).toBe(200);
    const whole = (await page.json()) as StepLogPageResponse;
    expect(whole.lines).toHaveLength(totalLines);
    expect([...linesOf(onFirst), ...linesOf(onSecond)]).toEqual(
      whole.lines.map(l => `${l.n} ${l.text}`),
    );
  } finally {
    onFirst.close();
    onSecond?.close();
  }
});

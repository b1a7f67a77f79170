import { WEBHOOK_RUN_METADATA } from '../webhooks/deliveryRuns';
import {
  DELIVERY_ID_MAX_LENGTH,
  runTriggerOf,
  userEntityRefOf,
  webhookCreatedBy,
} from './runTrigger';

const DELIVERY = 'f3f4c0a0-4e0b-11f0-8c5e-1a2b3c4d5e6f';

/** The marks WebhookService leaves on a run it starts for `provider`. */
function webhookMarks(provider: string, deliveryId: string = DELIVERY) {
  return {
    createdBy: `webhook:${provider}`,
    labels: { [WEBHOOK_RUN_METADATA.providerLabel]: provider },
    annotations: { [WEBHOOK_RUN_METADATA.deliveryAnnotation]: deliveryId },
  };
}

const byUser = (createdBy: string) => ({
  createdBy,
  labels: {},
  annotations: {},
});

describe('runTriggerOf', () => {
  it('reads a run the portal started for a user as that user', () => {
    expect(runTriggerOf(byUser('user:default/jane'))).toEqual({
      kind: 'user',
      userEntityRef: 'user:default/jane',
    });
  });

  it('reads a run a webhook started as that provider and delivery, for every provider', () => {
    for (const provider of ['github', 'gitlab', 'bitbucket'] as const) {
      expect(webhookCreatedBy(provider)).toBe(`webhook:${provider}`);
      expect(runTriggerOf(webhookMarks(provider))).toEqual({
        kind: 'webhook',
        provider,
        deliveryId: DELIVERY,
      });
    }
  });

  it('keeps a webhook trigger without its delivery id when the annotation is missing, over-long or not printable', () => {
    const withoutDelivery = {
      createdBy: 'webhook:gitlab',
      labels: {},
      annotations: {},
    };
    expect(runTriggerOf(withoutDelivery)).toEqual({
      kind: 'webhook',
      provider: 'gitlab',
    });
    const longest = 'd'.repeat(DELIVERY_ID_MAX_LENGTH);
    expect(runTriggerOf(webhookMarks('github', longest))).toMatchObject({
      deliveryId: longest,
    });
    for (const hostile of [
      `${longest}d`,
      'abc\ndef',
      'tab\there',
      'ünïcode',
      '',
    ]) {
      expect(runTriggerOf(webhookMarks('github', hostile))).toEqual({
        kind: 'webhook',
        provider: 'github',
      });
    }
  });

  it('gives no trigger for a provider it does not know, or a label that contradicts the creator', () => {
    for (const createdBy of [
      'webhook:gitea',
      'webhook:',
      'webhook:GitHub',
      'webhook:github ',
      'webhook:github/../x',
    ]) {
      expect(
        runTriggerOf({ createdBy, labels: {}, annotations: {} }),
      ).toBeUndefined();
    }
    expect(
      runTriggerOf({
        ...webhookMarks('github'),
        labels: { [WEBHOOK_RUN_METADATA.providerLabel]: 'gitea' },
      }),
    ).toBeUndefined();
    expect(
      runTriggerOf({
        ...webhookMarks('github'),
        labels: { [WEBHOOK_RUN_METADATA.providerLabel]: 'gitlab' },
      }),
    ).toBeUndefined();
  });

  it('gives no trigger when created-by is not a canonical user entity ref', () => {
    for (const createdBy of [
      'user:',
      'user:default/',
      'user:default/<script>alert(1)</script>',
      'user:default/jane/../admin',
      'user:Default/Jane', // valid, but not as Backstage writes it: createdBy would not match the filter
      'user:jane', // no namespace
      'group:default/team-a',
      'plugin:catalog', // a service principal's subject
      'external:ci-bot',
      `user:default/${'a'.repeat(600)}`,
      ' user:default/jane',
    ]) {
      expect(runTriggerOf(byUser(createdBy))).toBeUndefined();
    }
    expect(
      runTriggerOf({ createdBy: undefined, labels: {}, annotations: {} }),
    ).toBeUndefined();
  });

  it('does not make a run a webhook run by its labels alone: the creator decides', () => {
    expect(
      runTriggerOf({
        ...webhookMarks('github'),
        createdBy: 'user:default/ada',
      }),
    ).toEqual({ kind: 'user', userEntityRef: 'user:default/ada' });
    expect(
      runTriggerOf({ ...webhookMarks('github'), createdBy: undefined }),
    ).toBeUndefined();
  });
});

describe('userEntityRefOf', () => {
  it('gives the canonical ref: kind and namespace required or defaulted, lower case', () => {
    expect(userEntityRefOf('user:default/jane')).toBe('user:default/jane');
    expect(userEntityRefOf('User:Default/Jane')).toBe('user:default/jane');
    expect(userEntityRefOf('user:jane')).toBe('user:default/jane');
  });

  it('refuses what is not a valid ref of kind User', () => {
    for (const value of [
      'jane',
      'default/jane',
      'group:default/team',
      'user:default/a b',
      'user:default/x/y',
      `user:default/${'a'.repeat(64)}`,
      'user:',
    ]) {
      expect(userEntityRefOf(value)).toBeUndefined();
    }
  });
});

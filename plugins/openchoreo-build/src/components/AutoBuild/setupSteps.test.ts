import type { OpenChoreoBuildTranslate } from '../../translation';
import { englishTranslate } from '../../__testUtils__/englishTranslate';
import { copiedSetupSteps, setupSteps } from './setupSteps';

const info = {
  webhookUrls: {
    github: 'https://portal.example/api/openchoreo-build/webhooks/github',
    gitlab: 'https://portal.example/api/openchoreo-build/webhooks/gitlab',
    bitbucket: 'https://portal.example/api/openchoreo-build/webhooks/bitbucket',
  },
  repository: { url: 'https://github.com/example/greeter' },
};

/** A `t` answering each key with the key and its params: shows which texts a helper asks for. */
const keyedT = ((key: string, params?: Record<string, string>) =>
  params
    ? `${key} ${JSON.stringify(params)}`
    : key) as OpenChoreoBuildTranslate;

describe('setupSteps', () => {
  it('words every step through the translation ref, so an app can translate them', () => {
    const steps = setupSteps(keyedT, 'gitlab', info);
    expect(steps).toEqual([
      'autoBuildSetup.gitlab.open {"repository":"https://github.com/example/greeter"}',
      `autoBuildSetup.gitlab.url {"url":"${info.webhookUrls.gitlab}"}`,
      'autoBuildSetup.gitlab.secret {"secretLocation":"autoBuildSetup.secretLocation"}',
      'autoBuildSetup.gitlab.trigger',
      'autoBuildSetup.gitlab.check',
    ]);
    expect(copiedSetupSteps(keyedT, steps.slice(3))).toBe(
      'autoBuildSetup.copiedStep {"number":"1","step":"autoBuildSetup.gitlab.trigger"}\n' +
        'autoBuildSetup.copiedStep {"number":"2","step":"autoBuildSetup.gitlab.check"}',
    );
  });

  it('copies the English steps as numbered lines, naming the repository or saying "your repository"', () => {
    const t = englishTranslate();
    const steps = setupSteps(t, 'github', { ...info, repository: undefined });
    expect(steps[0]).toBe(
      'In GitHub, open your repository → Settings → Webhooks → Add webhook.',
    );
    expect(steps[3]).toContain(
      'in the Secret git-webhook-secrets in namespace openchoreo-control-plane',
    );
    expect(copiedSetupSteps(t, steps).split('\n').slice(0, 2)).toEqual([
      '1. In GitHub, open your repository → Settings → Webhooks → Add webhook.',
      `2. Payload URL: ${info.webhookUrls.github}`,
    ]);
  });
});

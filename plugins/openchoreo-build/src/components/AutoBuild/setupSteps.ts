import type {
  AutoBuildResponse,
  WebhookProvider,
} from '@openchoreo-build/plugin-openchoreo-build-common';

export const PROVIDER_LABELS: Record<WebhookProvider, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
};

const SECRET =
  'Secret git-webhook-secrets in namespace openchoreo-control-plane';

/** Step-by-step webhook setup for one provider, as plain text lines (shown and copied). */
export function setupSteps(
  provider: WebhookProvider,
  info: Pick<AutoBuildResponse, 'webhookUrls' | 'repository'>,
): string[] {
  const url = info.webhookUrls[provider];
  const repo = info.repository?.url ?? 'your repository';
  switch (provider) {
    case 'github':
      return [
        `In GitHub, open ${repo} → Settings → Webhooks → Add webhook.`,
        `Payload URL: ${url}`,
        'Content type: application/json',
        `Secret: the value of key "github-secret" in the ${SECRET} (or openchoreo.build.webhooks.githubSecret in the portal's configuration).`,
        'Which events: "Just the push event". Keep "Active" checked and click "Add webhook".',
        'GitHub sends a ping first; the delivery shows 202 when the URL and secret are right.',
      ];
    case 'gitlab':
      return [
        `In GitLab, open ${repo} → Settings → Webhooks → Add new webhook.`,
        `URL: ${url}`,
        `Secret token: the value of key "gitlab-secret" in the ${SECRET} (or openchoreo.build.webhooks.gitlabSecret).`,
        'Trigger: "Push events" (all branches, or a filter for the branch this component builds).',
        'Save, then use Test → Push events: the response shows the builds started.',
      ];
    case 'bitbucket':
      return [
        `In Bitbucket, open ${repo} → Repository settings → Webhooks → Add webhook.`,
        `URL: ${url}`,
        `Secret: the value of key "bitbucket-secret" in the ${SECRET} (or openchoreo.build.webhooks.bitbucketSecret); Bitbucket then signs each delivery (X-Hub-Signature, HMAC-SHA256), which the portal verifies.`,
        'Triggers: "Repository push". Save.',
        'Push a commit: the request log shows the builds started.',
      ];
    default:
      return [];
  }
}

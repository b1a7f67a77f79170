/**
 * English texts of the Auto-build card's explanation and its webhook setup steps (shown, and copied
 * as numbered lines), merged into `openchoreoBuildTranslationRef` (`../translation.ts`) under
 * `autoBuildSetup` (`as const`: interpolation parameters are typed from the literal texts). The
 * card's switch, status and buttons are under `autoBuild`. Provider names (GitHub, …), setting
 * names and key names are what the provider and OpenChoreo show, so they stay as they are.
 */
export const autoBuildSetupMessages = {
  autoBuildSetup: {
    // {{appPath}} and {{repository}} are code elements; {{branch}} is onBranch or onAnyBranch.
    pushBuilds:
      'A push builds this component when it changes a file under {{appPath}} of {{repository}} {{branch}}. The build uses the pushed commit.',
    pushWouldBuild:
      'When on, a push builds this component when it changes a file under {{appPath}} of {{repository}} {{branch}}. The build uses the pushed commit.',
    itsRepository: 'its repository',
    onBranch: 'on branch {{branch}}',
    onAnyBranch: 'on any branch',
    /** One line of the copied setup steps. */
    copiedStep: '{{number}}. {{step}}',
    yourRepository: 'your repository',
    secretLocation:
      'Secret git-webhook-secrets in namespace openchoreo-control-plane',
    github: {
      open: 'In GitHub, open {{repository}} → Settings → Webhooks → Add webhook.',
      url: 'Payload URL: {{url}}',
      contentType: 'Content type: application/json',
      secret:
        'Secret: the value of key "github-secret" in the {{secretLocation}} (or openchoreo.build.webhooks.githubSecret in the portal\'s configuration).',
      events:
        'Which events: "Just the push event". Keep "Active" checked and click "Add webhook".',
      check:
        'GitHub sends a ping first; the delivery shows 202 when the URL and secret are right.',
    },
    gitlab: {
      open: 'In GitLab, open {{repository}} → Settings → Webhooks → Add new webhook.',
      url: 'URL: {{url}}',
      secret:
        'Secret token: the value of key "gitlab-secret" in the {{secretLocation}} (or openchoreo.build.webhooks.gitlabSecret).',
      trigger:
        'Trigger: "Push events" (all branches, or a filter for the branch this component builds).',
      check:
        'Save, then use Test → Push events: the response shows the builds started.',
    },
    bitbucket: {
      open: 'In Bitbucket, open {{repository}} → Repository settings → Webhooks → Add webhook.',
      url: 'URL: {{url}}',
      secret:
        'Secret: the value of key "bitbucket-secret" in the {{secretLocation}} (or openchoreo.build.webhooks.bitbucketSecret); Bitbucket then signs each delivery (X-Hub-Signature, HMAC-SHA256), which the portal verifies.',
      triggers: 'Triggers: "Repository push". Save.',
      check: 'Push a commit: the request log shows the builds started.',
    },
  },
} as const;

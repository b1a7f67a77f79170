import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import { assertPlaneKubeConfig } from './planeKubeConfig';
import { kubeConfigFor } from './KubernetesClient';

function load(user: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://bp.test"}}]
users: [{name: u, user: ${user}}]
contexts: [{name: ctx, context: {cluster: c, user: u}}]
current-context: ctx
`);
  return kc;
}

describe('assertPlaneKubeConfig', () => {
  let dir: string;
  let marker: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-kubeconfig-'));
    marker = path.join(dir, 'ran');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      'exec',
      () =>
        `{exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "touch ${marker}"]}}`,
      /user u: exec/,
    ],
    [
      'gcp cmd-path',
      () =>
        `{auth-provider: {name: gcp, config: {cmd-path: /bin/sh, cmd-args: "-c 'touch ${marker}'"}}}`,
      /auth-provider gcp/,
    ],
    [
      'tokenFile',
      () =>
        `{auth-provider: {name: tokenFile, config: {tokenFile: /etc/hostname}}}`,
      /auth-provider tokenFile \(tokenFile\)/,
    ],
    [
      'client certificate file',
      () => `{client-certificate: /etc/hostname, client-key: /etc/hostname}`,
      /file paths/,
    ],
  ])(
    'refuses a user with %s before anything runs',
    async (_label, user, reason) => {
      const kc = load(user());
      expect(() => assertPlaneKubeConfig(kc, 'build plane org/p')).toThrow(
        ServiceUnavailableError,
      );
      expect(() => assertPlaneKubeConfig(kc, 'build plane org/p')).toThrow(
        reason,
      );
      // Nothing was applied, so the command had no chance to run.
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(fs.existsSync(marker)).toBe(false);
    },
  );

  it('accepts the inline-only configurations the connectors build', () => {
    expect(() =>
      assertPlaneKubeConfig(
        kubeConfigFor({
          server: 'https://bp.test',
          token: 't',
          certData: 'Yw==',
          keyData: 'aw==',
        }),
        'p',
      ),
    ).not.toThrow();
  });

  it('refuses the tokenFile form kubeConfigFor has for the control plane', () => {
    expect(() =>
      assertPlaneKubeConfig(
        kubeConfigFor({
          server: 'https://bp.test',
          tokenFile: '/etc/hostname',
        }),
        'p',
      ),
    ).toThrow(/tokenFile/);
  });
});

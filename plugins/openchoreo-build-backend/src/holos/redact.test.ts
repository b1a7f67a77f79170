import { ConfigReader } from '@backstage/config';
import { integrationSecrets, redactUrl, scrubText, userInfoOf } from './redact';

describe('redact', () => {
  it('drops user info and credential-like query values from a URL, keeping the rest', () => {
    expect(
      redactUrl(
        'https://robot:pw123456@git.example.com/a/b.yaml?ref=main&private_token=glpat-x&X-Amz-Signature=abc',
      ),
    ).toBe(
      'https://git.example.com/a/b.yaml?ref=main&private_token=***&X-Amz-Signature=***',
    );
    expect(redactUrl('not a url')).toBe('<unparsable URL>');
  });

  it('collects the secrets of every integration, not their hosts', () => {
    const config = new ConfigReader({
      integrations: {
        github: [
          { host: 'github.com', token: 'ghp_aaaaaaaa' },
          {
            host: 'ghe.example.com',
            apps: [{ privateKey: 'KEY-bbbbbbbb', appId: 1 }],
          },
        ],
        bitbucketCloud: [{ username: 'someone', appPassword: 'app-pw-cccc' }],
      },
    });
    expect(integrationSecrets(config).sort()).toEqual(
      ['KEY-bbbbbbbb', 'app-pw-cccc', 'ghp_aaaaaaaa'].sort(),
    );
  });

  it('scrubs known secrets, URLs and Authorization values from free text, and bounds it', () => {
    const text = scrubText(
      'GET https://u:pw123456@h.example/x?token=t1 failed; Authorization: Bearer abc.def.ghi; key ghp_aaaaaaaa; user pw123456',
      ['ghp_aaaaaaaa', ...userInfoOf('https://u:pw123456@h.example/x')],
    );
    expect(text).toBe(
      'GET https://h.example/x?token=*** failed; Authorization: Bearer ***; key ***; user ***',
    );
    expect(scrubText('x'.repeat(600), [])).toHaveLength(501);
  });
});

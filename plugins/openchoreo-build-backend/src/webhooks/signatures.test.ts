import {
  deliveryCheck,
  hmacSignature,
  safeEqual,
  verifyDelivery,
} from './signatures';

describe('verifyDelivery', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');

  it('accepts GitHub HMAC-SHA256 of the raw body and rejects anything else', () => {
    const signature = hmacSignature('s3cret', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      verifyDelivery(
        'github',
        's3cret',
        { 'x-hub-signature-256': signature },
        body,
      ),
    ).toBeUndefined();
    expect(
      verifyDelivery(
        'github',
        's3cret',
        {
          'x-hub-signature-256': signature
            .toUpperCase()
            .replace('SHA256', 'sha256'),
        },
        body,
      ),
    ).toBeUndefined();
    expect(
      verifyDelivery(
        'github',
        'other',
        { 'x-hub-signature-256': signature },
        body,
      ),
    ).toMatch(/does not match/);
    expect(
      verifyDelivery(
        'github',
        's3cret',
        { 'x-hub-signature-256': signature },
        Buffer.from(`${body} `),
      ),
    ).toMatch(/does not match/);
    expect(verifyDelivery('github', 's3cret', {}, body)).toBe(
      'missing X-Hub-Signature-256 header',
    );
    // The old SHA-1 header alone is not enough.
    expect(
      verifyDelivery(
        'github',
        's3cret',
        { 'x-hub-signature': 'sha1=abc' },
        body,
      ),
    ).toMatch(/missing/);
  });

  it('compares the GitLab token', () => {
    expect(
      verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'tok' }, body),
    ).toBeUndefined();
    expect(
      verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'TOK' }, body),
    ).toMatch(/does not match/);
  });

  it('verifies Bitbucket’s X-Hub-Signature HMAC of the raw body', () => {
    const signature = hmacSignature('bb-secret', body);
    expect(
      verifyDelivery(
        'bitbucket',
        'bb-secret',
        { 'x-hub-signature': signature },
        body,
      ),
    ).toBeUndefined();
    expect(
      verifyDelivery(
        'bitbucket',
        'other',
        { 'x-hub-signature': signature },
        body,
      ),
    ).toBe('X-Hub-Signature does not match the bitbucket webhook secret');
    expect(
      verifyDelivery(
        'bitbucket',
        'bb-secret',
        { 'x-hub-signature': signature },
        Buffer.from(`${body} `),
      ),
    ).toMatch(/does not match/);
  });

  it('refuses the Bitbucket hook UUID alone unless legacy mode is on, and never lets it override a signature', () => {
    const uuid = '0302255c-f4f0-4232-916b-bef521fbdd08';
    const byUuid = { 'x-hook-uuid': `{${uuid.toUpperCase()}}` };
    expect(verifyDelivery('bitbucket', uuid, byUuid, body)).toMatch(
      /missing X-Hub-Signature header.*X-Hook-UUID alone is not accepted/,
    );
    const legacy = { allowBitbucketHookUuid: true };
    expect(
      verifyDelivery('bitbucket', uuid, byUuid, body, legacy),
    ).toBeUndefined();
    expect(
      verifyDelivery(
        'bitbucket',
        uuid,
        { 'x-hook-uuid': '7c17d44e-12e2-4da8-a24d-82b74d8e61d8' },
        body,
        legacy,
      ),
    ).toMatch(/X-Hook-UUID does not match/);
    // A correct UUID with a wrong signature is still refused: the signature decides when present.
    expect(
      verifyDelivery(
        'bitbucket',
        uuid,
        { ...byUuid, 'x-hub-signature': hmacSignature('wrong', body) },
        body,
        legacy,
      ),
    ).toMatch(/X-Hub-Signature does not match/);
  });

  it('checks one delivery against several candidate secrets without re-reading headers', () => {
    const check = deliveryCheck(
      'github',
      { 'x-hub-signature-256': hmacSignature('b', body) },
      body,
    );
    expect(check.ok && ['a', 'b', 'c'].filter(check.matches)).toEqual(['b']);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('a', 'ab')).toBe(false);
    expect(safeEqual('ab', 'ab')).toBe(true);
  });
});

import { githubSignature, safeEqual, verifyDelivery } from './signatures';

describe('verifyDelivery', () => {
  const body = Buffer.from('{"ref":"refs/heads/main"}');

  it('accepts GitHub HMAC-SHA256 of the raw body and rejects anything else', () => {
    const signature = githubSignature('s3cret', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyDelivery('github', 's3cret', { 'x-hub-signature-256': signature }, body)).toBeUndefined();
    expect(verifyDelivery('github', 's3cret', { 'x-hub-signature-256': signature.toUpperCase().replace('SHA256', 'sha256') }, body)).toBeUndefined();
    expect(verifyDelivery('github', 'other', { 'x-hub-signature-256': signature }, body)).toMatch(/does not match/);
    expect(verifyDelivery('github', 's3cret', { 'x-hub-signature-256': signature }, Buffer.from(`${body} `))).toMatch(/does not match/);
    expect(verifyDelivery('github', 's3cret', {}, body)).toBe('missing X-Hub-Signature-256 header');
    // The old SHA-1 header alone is not enough.
    expect(verifyDelivery('github', 's3cret', { 'x-hub-signature': 'sha1=abc' }, body)).toMatch(/missing/);
  });

  it('compares the GitLab token and the Bitbucket hook UUID (braces and case ignored)', () => {
    expect(verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'tok' }, body)).toBeUndefined();
    expect(verifyDelivery('gitlab', 'tok', { 'x-gitlab-token': 'TOK' }, body)).toMatch(/does not match/);
    const uuid = '0302255c-f4f0-4232-916b-bef521fbdd08';
    expect(verifyDelivery('bitbucket', uuid, { 'x-hook-uuid': `{${uuid.toUpperCase()}}` }, body)).toBeUndefined();
    expect(verifyDelivery('bitbucket', uuid, { 'x-hook-uuid': '7c17d44e-12e2-4da8-a24d-82b74d8e61d8' }, body)).toMatch(/does not match/);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('a', 'ab')).toBe(false);
    expect(safeEqual('ab', 'ab')).toBe(true);
  });
});

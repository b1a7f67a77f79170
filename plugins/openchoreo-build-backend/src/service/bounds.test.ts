import { InputError } from '@backstage/errors';
import { checkJsonBounds, findBoundsProblem, REQUEST_BOUNDS } from './bounds';
import { createRunBody, parse } from './validation';

/**
 * `levels` levels of `[{a: …}]` around a value that throws when anything reads it: a walk that
 * stops at the depth limit never touches it.
 */
function poisonedBelow(levels: number): unknown {
  const fail = () => {
    throw new Error('read a value below the depth limit');
  };
  let value: unknown = new Proxy(
    {},
    { ownKeys: fail, get: fail, has: fail, getPrototypeOf: fail },
  );
  for (let i = 0; i < levels; i += 1) value = [{ a: value }];
  return value;
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('request bounds', () => {
  it('accepts a body within every bound', () => {
    expect(
      findBoundsProblem(
        { parameters: nested(15), s: 'x'.repeat(1000) },
        'body',
      ),
    ).toBeUndefined();
  });

  it('refuses nesting deeper than 16 levels below the body, naming the path, without recursion', () => {
    expect(
      findBoundsProblem({ parameters: nested(16) }, 'body'),
    ).toBeUndefined();
    expect(findBoundsProblem({ parameters: nested(17) }, 'body')?.message).toBe(
      'nests deeper than 16 levels',
    );
    const deep = { parameters: nested(100_000) };
    const problem = findBoundsProblem(deep, 'body');
    // The walk stops at the limit: a value far below it is never even looked at.
    expect(
      findBoundsProblem({ parameters: poisonedBelow(40) }, 'body')?.message,
    ).toBe('nests deeper than 16 levels');
    expect(problem?.path).toMatch(/^parameters(\.0\.a)+$/);
    expect(problem?.message).toBe('nests deeper than 16 levels');
  });

  it('refuses more than 1,000 keys and items in total, naming the top-level field', () => {
    const many = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [`k${i}`, [1]]),
    );
    expect(findBoundsProblem({ parameters: many }, 'body')).toEqual({
      path: 'parameters',
      message: `the body holds more than ${REQUEST_BOUNDS.maxEntries} keys and items in total`,
    });
    expect(
      findBoundsProblem(
        { parameters: Array.from({ length: 1001 }, () => 0) },
        'body',
      )?.path,
    ).toBe('parameters');
  });

  it('refuses strings and keys over 64 KB (UTF-8 bytes), naming the field', () => {
    expect(
      findBoundsProblem({ parameters: { a: 'x'.repeat(64 * 1024) } }, 'body'),
    ).toBeUndefined();
    expect(
      findBoundsProblem(
        { parameters: { a: 'x'.repeat(64 * 1024 + 1) } },
        'body',
      ),
    ).toEqual({ path: 'parameters.a', message: 'is longer than 64 KB' });
    expect(
      findBoundsProblem({ parameters: { a: 'é'.repeat(40 * 1024) } }, 'body')
        ?.path,
    ).toBe('parameters.a');
    expect(
      findBoundsProblem({ parameters: { ['k'.repeat(70 * 1024)]: 1 } }, 'body')
        ?.message,
    ).toBe('has a key longer than 64 KB');
  });

  it('refuses a __proto__ key, and shortens odd keys in the path', () => {
    expect(
      findBoundsProblem(
        JSON.parse('{"parameters":{"__proto__":{"x":1}}}'),
        'body',
      ),
    ).toEqual({
      path: 'parameters.__proto__',
      message: 'is not an allowed key',
    });
    const problem = findBoundsProblem(
      { parameters: { 'a b': nested(20) } },
      'body',
    );
    expect(problem?.path).toMatch(/^parameters\."a b"\.(0\.a\.)+/);
    expect(() => checkJsonBounds({ x: nested(30) }, 'body')).toThrow(
      InputError,
    );
  });

  it('runs before the recursive schema: 5,000 levels are a 400 naming parameters, not a stack overflow', () => {
    const body = {
      namespace: 'default',
      project: 'default',
      component: 'c',
      parameters: nested(5000),
    };
    expect(() => parse(createRunBody, body, 'body')).toThrow(
      /^Invalid body: parameters(\.0\.a)+: nests deeper than 16 levels$/,
    );
    // The bounds are checked before zod walks the value: nothing below the limit is read.
    expect(() =>
      parse(createRunBody, { ...body, parameters: poisonedBelow(40) }, 'body'),
    ).toThrow(/nests deeper than 16 levels$/);
  });
});

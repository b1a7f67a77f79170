import {
  responseError,
  type BackstageErrorBody,
} from '../../__testUtils__/responseError';
import { inputErrorPosition, lineRange } from './inputError';

const MESSAGE =
  'body: document 1 (line 1): kind "Deployment" at line 2 is not accepted: expected kind BuildPlan or Platform (holos core schemas v1alpha6)';

const refusal = (error: BackstageErrorBody) => responseError(400, error);

describe('inputErrorPosition', () => {
  it("takes the position from the body's error.at (the backend's HolosInputError position)", async () => {
    const error = await refusal({
      name: 'InputError',
      message: 'body: the text could not be read',
      at: { document: 0, line: 7, column: 3 },
    });
    expect(
      inputErrorPosition(error, 'body: the text could not be read'),
    ).toEqual({ line: 7, column: 3 });
  });

  it('falls back to the message: the field\'s "at line", not the document\'s line', async () => {
    const error = await refusal({ name: 'InputError', message: MESSAGE });
    expect(inputErrorPosition(error, MESSAGE)).toEqual({
      line: 2,
      column: undefined,
    });
    expect(
      inputErrorPosition(
        new Error('x'),
        'the text could not be read at line 4, column 1: Flow sequence …',
      ),
    ).toEqual({ line: 4, column: 1 });
    expect(inputErrorPosition(new Error('x'), 'no position here')).toEqual({});
  });

  it('ignores an `at` without a usable line', async () => {
    const error = await refusal({
      name: 'InputError',
      message: MESSAGE,
      at: { line: 'two' },
    });
    expect(inputErrorPosition(error, MESSAGE).line).toBe(2);
  });
});

describe('lineRange', () => {
  it('finds a 1-based line by offsets, and nothing past the end', () => {
    const text = 'a: 1\nkind: Deployment\n';
    expect(lineRange(text, 2)).toEqual({
      start: 5,
      end: 21,
      content: 'kind: Deployment',
    });
    expect(lineRange(text, 9)).toBeUndefined();
  });
});

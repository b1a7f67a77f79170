import { ResponseError } from '@backstage/errors';
import {
  COMMIT_PATH,
  COMMIT_SHA_MESSAGE,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import { buildRequest, fieldErrorsFor, fieldsFor } from './startBuildForm';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('fieldErrorsFor', () => {
  const known = new Set(['workflow', COMMIT_PATH]);

  it('puts the fields of a 400 the form shows next to them and the rest in the general list', async () => {
    const error = await responseError(
      400,
      `Invalid body: ${COMMIT_PATH}: must be hex; parameters.x: unknown; odd`,
    );
    expect(fieldErrorsFor(error, known)).toEqual({
      fields: { [COMMIT_PATH]: 'must be hex' },
      general: ['odd', 'parameters.x: unknown'],
    });
  });

  it('keeps a 400 without fields, and any other failure, as one general message', async () => {
    expect(
      fieldErrorsFor(await responseError(400, 'Bad request'), known),
    ).toEqual({ fields: {}, general: ['Bad request'] });
    expect(
      fieldErrorsFor(await responseError(503, 'cluster unreachable'), known),
    ).toEqual({
      fields: {},
      general: ['cluster unreachable'],
    });
  });
});

describe('buildRequest', () => {
  const target = {
    namespace: 'default',
    project: 'default',
    component: 'greeter-service',
  };
  const fields = fieldsFor(undefined);

  it('sends an emptied commit as "" (the latest) and words a bad one with the shared message', () => {
    const baseline = { [COMMIT_PATH]: 'abcdef1' };
    expect(
      buildRequest(target, undefined, fields, { [COMMIT_PATH]: '' }, baseline),
    ).toEqual({
      request: {
        ...target,
        systemParameters: { repository: { revision: { commit: '' } } },
      },
      errors: {},
    });
    expect(
      buildRequest(
        target,
        undefined,
        fields,
        { [COMMIT_PATH]: 'xyz' },
        baseline,
      ).errors,
    ).toEqual({
      [COMMIT_PATH]: COMMIT_SHA_MESSAGE,
    });
  });
});

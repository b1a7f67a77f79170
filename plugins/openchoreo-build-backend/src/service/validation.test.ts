import { mockCredentials } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import { FieldInputError } from '../runs/runValidation';
import { listRunsQuery, parse, queryFlag, runFilterOf } from './validation';

describe('queryFlag', () => {
  const query = z.object({
    follow: queryFlag(true),
    download: queryFlag(false),
  });

  it('gives the fallback, as a boolean, when the flag is absent', () => {
    expect(parse(query, {}, 'query')).toEqual({
      follow: true,
      download: false,
    });
  });

  it('reads true, 1 and a bare flag as true; false and 0 as false', () => {
    for (const on of ['true', '1', '']) {
      expect(parse(query, { download: on }, 'query').download).toBe(true);
    }
    for (const off of ['false', '0']) {
      expect(parse(query, { follow: off }, 'query').follow).toBe(false);
    }
  });

  it('refuses anything else, naming the parameter', () => {
    expect(() => parse(query, { download: 'yes' }, 'query')).toThrow(
      /download: /,
    );
  });
});

describe('GET /runs query (listRunsQuery, runFilterOf)', () => {
  const filterOf = (
    query: Record<string, unknown>,
    credentials: BackstageCredentials = mockCredentials.user(
      'user:default/ada',
    ),
  ) => runFilterOf(parse(listRunsQuery, query, 'query'), credentials);
  const problemOf = (query: Record<string, unknown>) => {
    try {
      filterOf(query);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`query ${JSON.stringify(query)} was accepted`);
  };

  it('reads branch, trigger, createdBy and status (repeated or comma-separated) into the filter', () => {
    expect(
      filterOf({
        namespace: 'default',
        component: 'greeter',
        status: ['Running', 'Failed,Pending'],
        branch: 'feature/login',
        trigger: 'webhook',
        createdBy: 'user:default/bob',
      }),
    ).toEqual({
      namespace: 'default',
      component: 'greeter',
      statuses: ['Running', 'Failed', 'Pending'],
      branch: 'feature/login',
      trigger: 'webhook',
      createdBy: 'user:default/bob',
    });
  });

  it('writes a user entity ref as Backstage does (lower case, default namespace), which is what runs carry', () => {
    expect(filterOf({ createdBy: 'User:Default/Bob' }).createdBy).toBe(
      'user:default/bob',
    );
    expect(filterOf({ createdBy: 'user:bob' }).createdBy).toBe(
      'user:default/bob',
    );
  });

  it('reads createdBy=me as the caller’s own user entity ref', () => {
    expect(
      filterOf({ createdBy: 'me' }, mockCredentials.user('user:acme/jane'))
        .createdBy,
    ).toBe('user:acme/jane');
  });

  it('refuses createdBy=me from a caller that is not a signed-in user, saying what to give instead', () => {
    for (const credentials of [
      mockCredentials.service('plugin:scaffolder'),
      mockCredentials.none(),
    ]) {
      expect(() => filterOf({ createdBy: 'me' }, credentials)).toThrow(
        'createdBy: "me" needs a signed-in user; a service or anonymous caller gives the user entity ref (createdBy=user:default/jane)',
      );
    }
  });

  it('refuses bad values with a 400 naming the parameter and what it takes', () => {
    expect(problemOf({ trigger: 'cron' })).toContain(
      'trigger: must be "user" (started through the portal) or "webhook" (started by a Git push)',
    );
    for (const createdBy of [
      'group:default/team',
      'user:',
      'jane',
      'user:default/<script>',
      'webhook:github',
    ]) {
      expect(problemOf({ createdBy })).toContain(
        'createdBy: must be a user entity ref like user:default/jane (kind User), or "me" for the caller',
      );
    }
    expect(problemOf({ branch: 'a..b' })).toMatch(/^Invalid query: branch: /);
    expect(problemOf({ branch: '' })).toMatch(/^Invalid query: branch: /);
    expect(problemOf({ status: 'Done' })).toMatch(/^Invalid query: status/);
  });

  it('refuses a repeated single-valued parameter instead of picking one', () => {
    expect(problemOf({ branch: ['main', 'dev'] })).toContain(
      'branch: give one branch, not 2 (the parameter was repeated)',
    );
    expect(problemOf({ trigger: ['user', 'webhook'] })).toContain(
      'trigger: give one trigger, not 2',
    );
    expect(problemOf({ createdBy: ['me', 'me'] })).toContain(
      'createdBy: give one createdBy, not 2',
    );
  });

  it('answers a bad query with a FieldInputError (400) that lists the field', () => {
    expect(() => filterOf({ trigger: 'cron' })).toThrow(
      expect.objectContaining({
        constructor: FieldInputError,
        fieldErrors: [
          { path: 'trigger', message: expect.stringContaining('"user"') },
        ],
      }),
    );
  });
});

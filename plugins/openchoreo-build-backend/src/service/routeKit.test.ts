import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Request, Response } from 'express';
import {
  actorOf,
  audited,
  componentParams,
  k8sName,
  NamespaceGuard,
  retryAfterHeader,
} from './routeKit';

describe('NamespaceGuard', () => {
  const guard = new NamespaceGuard(['default', 'acme']);

  it('answers a path namespace that is not shown with 404, as if it did not exist', () => {
    expect(() => guard.ensureShown('acme')).not.toThrow();
    expect(() => guard.ensureShown('other')).toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        message:
          'Namespace other is not one of the namespaces this portal shows',
      }),
    );
  });

  it('selects every configured namespace, or the one asked for (400 naming the field otherwise)', () => {
    expect(guard.select(undefined)).toEqual(['default', 'acme']);
    expect(guard.select('')).toEqual(['default', 'acme']);
    expect(guard.select('acme')).toEqual(['acme']);
    expect(() => guard.select('other', 'body.namespace')).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message:
          'body.namespace: "other" is not one of the namespaces this portal shows (default, acme)',
      }),
    );
  });
});

describe('route helpers', () => {
  it('validates Kubernetes names and component path parameters', () => {
    expect(k8sName.safeParse('greeter-service.v2').success).toBe(true);
    expect(k8sName.safeParse('Greeter').success).toBe(false);
    expect(k8sName.safeParse('-x').success).toBe(false);
    expect(
      componentParams.safeParse({ ns: 'default', project: 'p', component: 'c' })
        .success,
    ).toBe(true);
    expect(
      componentParams.safeParse({ ns: 'default', project: 'p' }).success,
    ).toBe(false);
  });

  it('names the actor: a user by entity ref, a service by subject', () => {
    expect(actorOf(mockCredentials.user('user:default/ada'))).toBe(
      'user:default/ada',
    );
    expect(actorOf(mockCredentials.service('plugin:scaffolder'))).toBe(
      'plugin:scaffolder',
    );
  });
});

describe('audited', () => {
  function recordingAuditor() {
    const events: Array<{
      eventId: string;
      outcome: 'success' | 'fail';
      meta?: JsonObject;
      error?: string;
    }> = [];
    const auditor: AuditorService = {
      async createEvent({ eventId }) {
        return {
          async success(options) {
            events.push({ eventId, outcome: 'success', meta: options?.meta });
          },
          async fail(options) {
            events.push({
              eventId,
              outcome: 'fail',
              meta: options.meta,
              error: options.error.message,
            });
          },
        };
      },
    };
    return { auditor, events };
  }
  const req = {} as Request;

  it('records success, and failure with the error, rethrowing it', async () => {
    const { auditor, events } = recordingAuditor();
    expect(
      await audited(
        auditor,
        req,
        { eventId: 'run-create', meta: { run: 'r' } },
        async () => 42,
      ),
    ).toBe(42);
    await expect(
      audited(
        auditor,
        req,
        { eventId: 'run-cancel', meta: { run: 'r' } },
        async () => {
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect(events).toEqual([
      {
        eventId: 'run-create',
        outcome: 'success',
        meta: { run: 'r', result: 'success' },
      },
      {
        eventId: 'run-cancel',
        outcome: 'fail',
        meta: { run: 'r', result: 'failure' },
        error: 'boom',
      },
    ]);
  });
});

describe('retryAfterHeader', () => {
  it('sends Retry-After for an error that says how long to wait, and passes every error on', () => {
    const headers: Record<string, string> = {};
    const res = {
      headersSent: false,
      set: (name: string, value: string) => {
        headers[name] = value;
      },
    } as unknown as Response;
    const next = jest.fn();
    const busy = Object.assign(new Error('throttled'), {
      retryAfterSeconds: 7,
    });
    retryAfterHeader()(busy, {} as Request, res, next);
    expect(headers).toEqual({ 'Retry-After': '7' });
    expect(next).toHaveBeenCalledWith(busy);
    const other = new Error('other');
    retryAfterHeader()(other, {} as Request, res, next);
    expect(next).toHaveBeenLastCalledWith(other);
    expect(Object.keys(headers)).toEqual(['Retry-After']);
  });
});

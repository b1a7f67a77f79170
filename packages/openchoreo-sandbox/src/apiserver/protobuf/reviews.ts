import { metadata } from './meta';
import { bool, list, message, msg, str } from './wire';

/**
 * The access and identity reviews `kubectl auth can-i` (`SelfSubjectAccessReview`), `kubectl auth can-i --list`
 * (`SelfSubjectRulesReview`) and `kubectl auth whoami` (`SelfSubjectReview`) send. Field numbers:
 * `authorization/v1/generated.proto@v0.32.4` and `authentication/v1/generated.proto@v0.32.4` (kubernetes/api);
 * `omitempty`: the `types.go` files beside them. The statuses are the server's answer; a request carries them empty.
 */

const keepZero = { keepZero: true };

const ResourceAttributes = message('ResourceAttributes', {
  1: str('namespace'),
  2: str('verb'),
  3: str('group'),
  4: str('version'),
  5: str('resource'),
  6: str('subresource'),
  7: str('name'),
  // 8 fieldSelector, 9 labelSelector: not sent by kubectl auth can-i (skipped).
});

const NonResourceAttributes = message('NonResourceAttributes', {
  1: str('path'),
  2: str('verb'),
});

export const SelfSubjectAccessReview = message('SelfSubjectAccessReview', {
  1: metadata(),
  2: msg(
    'spec',
    message('SelfSubjectAccessReviewSpec', {
      1: msg('resourceAttributes', ResourceAttributes),
      2: msg('nonResourceAttributes', NonResourceAttributes),
    }),
  ),
  3: msg(
    'status',
    message('SubjectAccessReviewStatus', {
      1: bool('allowed', keepZero),
      2: str('reason'),
      3: str('evaluationError'),
      4: bool('denied'),
    }),
  ),
});

export const SelfSubjectRulesReview = message('SelfSubjectRulesReview', {
  1: metadata(),
  2: msg(
    'spec',
    message('SelfSubjectRulesReviewSpec', { 1: str('namespace') }),
  ),
  // 1 resourceRules, 2 nonResourceRules: the server's answer (skipped).
  3: msg(
    'status',
    message('SubjectRulesReviewStatus', {
      3: bool('incomplete', keepZero),
      4: str('evaluationError'),
    }),
  ),
});

export const SelfSubjectReview = message('SelfSubjectReview', {
  1: metadata(),
  2: msg(
    'status',
    message('SelfSubjectReviewStatus', {
      1: msg(
        'userInfo',
        message('UserInfo', {
          1: str('username'),
          2: str('uid'),
          3: list('groups', 'string'),
        }),
      ),
    }),
  ),
});

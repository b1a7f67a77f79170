import type {
  RunDiagnosis,
  RunDiagnosisSeverity,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, RuleOptions } from '../facts';
import { failureRules } from './failureRules';
import { gapRules } from './gapRules';
import { pendingRules } from './pendingRules';
import { planeRules } from './planeRules';
import { podRules } from './podRules';
import { secretRules } from './secretRules';
import { workflowRunRules } from './workflowRunRules';

const SEVERITY_ORDER: Record<RunDiagnosisSeverity, number> = {
  error: 0,
  warning: 1,
  info: 2,
};

/**
 * Every rule over the facts: the findings, errors first, in the order the rules run (plane,
 * run, what the v1 controller recorded, pods, secrets, failed steps, then what could not be
 * checked). Pure: facts in, items out.
 */
export function applyRules(
  facts: DiagnosisFacts,
  options: RuleOptions,
): RunDiagnosis[] {
  const items = [
    ...planeRules(facts),
    ...pendingRules(facts, options),
    ...workflowRunRules(facts),
    ...podRules(facts, options),
    ...secretRules(facts),
    ...failureRules(facts),
    ...gapRules(facts),
  ];
  // Array.prototype.sort is stable: rule order is kept within a severity.
  return items.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}

import { stripVTControlCharacters } from 'node:util';
import {
  isSucceededRunStatus,
  type RunDiagnosis,
  type RunStep,
} from '@openchoreo-build/plugin-openchoreo-build-common';
import type { DiagnosisFacts, StepLogTail } from '../facts';
import { quote } from '../quote';
import { displayName } from '../stepName';
import {
  GENERIC_ERROR_LINE,
  SECRET_NOT_FOUND,
  STEP_PATTERNS,
  workflowFamily,
  type GuidePattern,
} from './guidePatterns';

const FAILED_PHASES = new Set(['Failed', 'Error']);

type TailLine = StepLogTail['lines'][number];

/** The last line of the tail that matches one of `patterns` (the one closest to the failure). */
function lastMatch(
  lines: readonly TailLine[],
  patterns: readonly RegExp[],
): TailLine | undefined {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const text = stripVTControlCharacters(lines[i].text);
    if (patterns.some(pattern => pattern.test(text))) return lines[i];
  }
  return undefined;
}

/** Which guide pattern explains the step, and the log line that shows it. */
function classify(
  step: RunStep,
  lines: readonly TailLine[],
): { pattern: GuidePattern; line?: TailLine } | undefined {
  const secretLine = lastMatch(lines, SECRET_NOT_FOUND.lines);
  if (
    secretLine ||
    SECRET_NOT_FOUND.lines.some(p => p.test(step.message ?? ''))
  ) {
    return { pattern: SECRET_NOT_FOUND, line: secretLine };
  }
  const byStep = STEP_PATTERNS.find(
    p =>
      p.steps?.test(step.name) ||
      (step.templateName !== undefined && p.steps?.test(step.templateName)),
  );
  if (byStep) {
    const line =
      lastMatch(lines, byStep.lines) ??
      lastMatch(lines, byStep.stepLines ?? []) ??
      lastMatch(lines, [GENERIC_ERROR_LINE]);
    return { pattern: byStep, line };
  }
  // A step with a name of its own: only the patterns' unmistakable lines decide.
  for (const pattern of STEP_PATTERNS) {
    const line = lastMatch(lines, pattern.lines);
    if (line) return { pattern, line };
  }
  return undefined;
}

function diagnoseStep(
  step: RunStep,
  tail: StepLogTail | undefined,
  facts: DiagnosisFacts,
): RunDiagnosis | undefined {
  const found = classify(step, tail?.lines ?? []);
  if (!found) return undefined;
  const { pattern, line } = found;
  const outcome = step.phase === 'Error' ? 'ended in an error' : 'failed';
  const message = step.message ? ` (${quote(step.message)})` : '';
  let evidence = '';
  if (line) {
    evidence = ` Its log says${
      line.line ? ` at line ${line.line}` : ''
    }: "${quote(line.text)}".`;
  } else if (!tail) {
    evidence =
      " Its log could not be read here (the pod is gone or did not answer), so this is judged from the step's name; open the step's log for the error.";
  }
  const namespace = facts.run.workflowNamespace;
  const stepName = displayName(step);
  return {
    id: pattern.id,
    severity: 'error',
    title: pattern.title(stepName),
    detail: `Step ${stepName} ${outcome}${message}.${evidence}`,
    fix: pattern.fix({
      family: workflowFamily(facts.run.workflowName),
      namespace,
    }),
    ...(line?.line
      ? {
          logRef: {
            step: step.id,
            stepName,
            line: line.line,
            text: quote(line.text),
          },
        }
      : {}),
  };
}

/**
 * Failed steps explained by the Troubleshooting section of the build-and-release guide (see
 * guidePatterns.ts): one finding per failed step (exit-handler steps aside), with the log line
 * that shows it when the step's log was read.
 */
export function failureRules(facts: DiagnosisFacts): RunDiagnosis[] {
  if (isSucceededRunStatus(facts.run.status)) return [];
  return facts.run.steps
    .filter(step => FAILED_PHASES.has(step.phase) && !step.exitHandler)
    .map(step =>
      diagnoseStep(
        step,
        facts.failedStepLog?.step === step.id ? facts.failedStepLog : undefined,
        facts,
      ),
    )
    .filter((item): item is RunDiagnosis => item !== undefined);
}

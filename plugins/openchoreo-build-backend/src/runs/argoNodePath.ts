/**
 * Argo node names are paths (Argo v3.6.4, the version OpenChoreo v0.9's build plane installs):
 * - `<wf>[0].build` is step `build` of step group 0 of a steps template (`workflow/controller/steps.go:69`);
 * - `<wf>.A` is DAG task `A`, `<wf>.sub-dag1.fail` task `fail` of DAG task `sub-dag1`
 *   (`workflow/controller/dag.go:109`, `taskNodeName`);
 * - `<wf>.onExit…` is the workflow's exit handler (`workflow/common/util.go:318`, `GenerateOnExitNodeName`);
 * - `name(1)` is attempt 1 of a retried node (`workflow/controller/operator.go:2161`) and `name(0:val)`
 *   item 0 of a loop (`operator.go:3633`, `generateNodeName`, which drops parentheses from `val`).
 * Loop values are otherwise arbitrary text, so dots and brackets inside parentheses are not separators.
 */

/** The segment name of the workflow's exit handler. */
export const EXIT_HANDLER_SEGMENT = 'onExit';

/** A node's place below its workflow. */
export interface ArgoNodePath {
  /** The path below the workflow without step-group indices, e.g. `['sub-dag1', 'fail']`. */
  segments: string[];
  /** The node belongs to the workflow's exit handler (`spec.onExit`). */
  exitHandler: boolean;
}

/** Splits `rest` at dots outside parentheses, dropping `[N]` step-group indices. */
export function splitSegments(rest: string): string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  let inGroupIndex = false;
  for (const char of rest) {
    if (depth === 0 && inGroupIndex) {
      if (char === ']') inGroupIndex = false;
      continue;
    }
    if (depth === 0 && char === '[') {
      inGroupIndex = true;
    } else if (depth === 0 && char === '.') {
      if (current) segments.push(current);
      current = '';
    } else {
      if (char === '(') depth += 1;
      else if (char === ')' && depth > 0) depth -= 1;
      current += char;
    }
  }
  if (current) segments.push(current);
  return segments;
}

/** Where node `nodeName` sits in workflow `workflowName`. */
export function parseNodePath(
  workflowName: string,
  nodeName: string,
): ArgoNodePath {
  const below =
    workflowName &&
    nodeName.startsWith(workflowName) &&
    /^[.[]/.test(nodeName.slice(workflowName.length))
      ? nodeName.slice(workflowName.length)
      : undefined;
  if (below === undefined) {
    // The root node (named after the workflow) or a name of another shape: it is its own path.
    return {
      segments: nodeName && nodeName !== workflowName ? [nodeName] : [],
      exitHandler: false,
    };
  }
  const segments = splitSegments(below);
  return { segments, exitHandler: segments[0] === EXIT_HANDLER_SEGMENT };
}

/** `fail(1)` → `fail`: the retry attempt suffix of a node's last segment. */
export function withoutAttempt(segment: string): string {
  return segment.replace(/\(\d+\)$/, '');
}

/**
 * The display path of a step: its node's path below the workflow without step-group indices or
 * its own attempt suffix (`sub-dag1.fail`, `onExit.notify`); `undefined` for the root node.
 */
export function displayPathOf(
  workflowName: string,
  nodeName: string,
): string | undefined {
  const { segments } = parseNodePath(workflowName, nodeName);
  if (segments.length === 0) return undefined;
  const last = segments.length - 1;
  return [...segments.slice(0, last), withoutAttempt(segments[last])].join('.');
}

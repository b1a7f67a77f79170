import { isRecord } from '../../apiserver/types';
import type { StepRef } from './steps';

/**
 * What Argo decides about the tasks of a `dag` template (argo-workflows v3.6
 * `workflow/controller/dag.go`, `workflow/common/ancestry.go`): which tasks a task waits for,
 * whether its `depends` lets it run once they are done, which tasks are the DAG's targets and
 * which phase the DAG ends in. Pure, so the plan and the tests share it.
 */

/** What a `depends` term can ask of a task (`TaskResults`, `dag.go`). */
export type TaskResult =
  | 'Succeeded'
  | 'Failed'
  | 'Errored'
  | 'Skipped'
  | 'Omitted'
  | 'Daemoned'
  | 'AnySucceeded'
  | 'AllFailed';

const TASK_RESULTS: ReadonlySet<string> = new Set<TaskResult>([
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
]);

/** A parsed `depends` expression: `A`, `A.Succeeded`, `!x`, `x && y`, `x || y`, parentheses. */
export type DependsExpr =
  | { kind: 'task'; task: string; result?: TaskResult }
  | { kind: 'not'; operand: DependsExpr }
  | { kind: 'and' | 'or'; left: DependsExpr; right: DependsExpr };

/** The phases a finished DAG task has in the sandbox (it emulates no Error, Skipped or daemons). */
export type TaskOutcome = 'Succeeded' | 'Failed' | 'Omitted';

/** A task of the entrypoint's `dag.tasks`: the step it runs and what it waits for. */
export type DagTask = StepRef & {
  /** The task names `depends` (or `dependencies`) mentions, in order of first mention. */
  dependencies: string[];
  /** The condition to run once every dependency is done; absent for a root task. */
  depends?: DependsExpr;
};

/** Tokens of a `depends` text; task names may hold `-` (Argo turns them into `_` before evaluating). */
function tokenize(text: string): string[] {
  const tokens = text.match(
    /&&|\|\||[!()]|[A-Za-z0-9_][-A-Za-z0-9_]*(\.\w+)?/g,
  );
  const rest = text.replace(
    /&&|\|\||[!()]|[A-Za-z0-9_][-A-Za-z0-9_]*(\.\w+)?|\s+/g,
    '',
  );
  if (!tokens || rest) throw new Error(`cannot parse depends '${text}'`);
  return tokens;
}

/** A recursive-descent parser over the tokens of one `depends` text. */
class DependsParser {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: string[],
  ) {}

  parse(): DependsExpr {
    const expr = this.or();
    if (this.at !== this.tokens.length) this.fail();
    return expr;
  }

  private fail(): never {
    throw new Error(`cannot parse depends '${this.text}'`);
  }

  private or(): DependsExpr {
    let left = this.and();
    while (this.tokens[this.at] === '||') {
      this.at++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): DependsExpr {
    let left = this.primary();
    while (this.tokens[this.at] === '&&') {
      this.at++;
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  private primary(): DependsExpr {
    const token = this.tokens[this.at++] ?? this.fail();
    if (token === '!') return { kind: 'not', operand: this.primary() };
    if (token === '(') {
      const inner = this.or();
      if (this.tokens[this.at++] !== ')') this.fail();
      return inner;
    }
    if (token === ')' || token === '&&' || token === '||') this.fail();
    const [task, result] = token.split('.');
    if (result === undefined) return { kind: 'task', task };
    if (!isTaskResult(result)) return this.fail();
    return { kind: 'task', task, result };
  }
}

function isTaskResult(text: string): text is TaskResult {
  return TASK_RESULTS.has(text);
}

/**
 * Parses a `depends` expression (`&&` binds tighter than `||`, as in Argo's expression
 * language). Throws on anything else, e.g. an unknown `.Result`.
 */
export function parseDepends(text: string): DependsExpr {
  return new DependsParser(text, tokenize(text)).parse();
}

/** The task names an expression mentions, in order of first mention. */
function mentioned(expr: DependsExpr, into: string[] = []): string[] {
  if (expr.kind === 'task') {
    if (!into.includes(expr.task)) into.push(expr.task);
  } else if (expr.kind === 'not') mentioned(expr.operand, into);
  else {
    mentioned(expr.left, into);
    mentioned(expr.right, into);
  }
  return into;
}

/**
 * A task's dependencies from `depends`, else from `dependencies: [A, B]`, which Argo reads as
 * `A && B` (`expandDependency`, `ancestry.go`; the `continueOn` variants are not emulated).
 */
export function dependsOfTask(
  task: Record<string, unknown>,
): Pick<DagTask, 'dependencies' | 'depends'> {
  let depends: DependsExpr | undefined;
  if (typeof task.depends === 'string' && task.depends.trim())
    depends = parseDepends(task.depends);
  else if (Array.isArray(task.dependencies) && task.dependencies.length)
    depends = task.dependencies
      .map((name): DependsExpr => ({ kind: 'task', task: String(name) }))
      .reduce((left, right) => ({ kind: 'and', left, right }));
  return depends
    ? { dependencies: mentioned(depends), depends }
    : { dependencies: [] };
}

/**
 * Evaluates `depends` once every dependency is done. A bare `A` means
 * `A.Succeeded || A.Skipped || A.Daemoned` (`dagContext.dependsLogic`, `dag.go`), so an Omitted
 * or Failed dependency does not satisfy it: the task is omitted in turn.
 */
export function evaluateDepends(
  expr: DependsExpr,
  outcomeOf: (task: string) => TaskOutcome | undefined,
): boolean {
  switch (expr.kind) {
    case 'not':
      return !evaluateDepends(expr.operand, outcomeOf);
    case 'and':
      return (
        evaluateDepends(expr.left, outcomeOf) &&
        evaluateDepends(expr.right, outcomeOf)
      );
    case 'or':
      return (
        evaluateDepends(expr.left, outcomeOf) ||
        evaluateDepends(expr.right, outcomeOf)
      );
    default: {
      const outcome = outcomeOf(expr.task);
      return expr.result === undefined
        ? outcome === 'Succeeded'
        : outcome === expr.result;
    }
  }
}

/**
 * The tasks in an order where each comes after its dependencies (declaration order among the
 * ready ones), or undefined when a dependency is not a task of the DAG or the tasks form a cycle:
 * Argo refuses such a Workflow when it validates it.
 */
export function orderTasks(tasks: DagTask[]): DagTask[] | undefined {
  const names = new Set(tasks.map(t => t.name));
  if (tasks.some(t => t.dependencies.some(d => !names.has(d))))
    return undefined;
  const ordered: DagTask[] = [];
  const done = new Set<string>();
  while (ordered.length < tasks.length) {
    const next = tasks.find(
      t => !done.has(t.name) && t.dependencies.every(d => done.has(d)),
    );
    if (!next) return undefined;
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

/** The tasks that depend on task `name` (what Argo links as its `children`), in declaration order. */
export function dependentsOf(tasks: DagTask[], name: string): DagTask[] {
  return tasks.filter(t => t.dependencies.includes(name));
}

/**
 * The DAG's targets when `dag.target` is not set: the tasks nothing depends on, sorted by name
 * (`findLeafTaskNames`, `dag.go@v3.6`: "execute tasks in a predictable order"). They become
 * the DAG node's `outboundNodes`. (`dag.target` itself is not emulated.)
 */
export function targetTasks(tasks: DagTask[]): string[] {
  return tasks
    .filter(t => dependentsOf(tasks, t.name).length === 0)
    .map(t => t.name)
    .sort();
}

/**
 * `assessDAGPhase` (`dag.go@v3.6`) once every task is done: walking from the root tasks along
 * `children`, an Omitted task takes the phase of the last task that ran on its branch (Failed
 * preferred); the DAG fails when a target's phase so found is Failed. So a failure whose
 * dependents' `depends` accept it (`C.Failed`) does not fail the DAG; one that omits the rest of
 * its branch does.
 */
export function assessDagPhase(
  tasks: DagTask[],
  outcomeOf: (task: string) => TaskOutcome | undefined,
): 'Succeeded' | 'Failed' {
  const targets = new Map<string, TaskOutcome | undefined>(
    targetTasks(tasks).map(t => [t, undefined]),
  );
  const seen = new Set<string>();
  const queue: Array<{ task: string; branch: TaskOutcome }> = tasks
    .filter(t => t.dependencies.length === 0)
    .map(t => ({ task: t.name, branch: 'Succeeded' }));
  while (queue.length) {
    const { task, branch: inherited } = queue.shift()!;
    const key = `${task}/${inherited}`;
    const outcome = outcomeOf(task);
    if (seen.has(key) || outcome === undefined) continue;
    seen.add(key);
    const branch = outcome === 'Omitted' ? inherited : outcome;
    if (targets.has(task) && targets.get(task) !== 'Failed')
      targets.set(task, branch);
    for (const child of dependentsOf(tasks, task))
      queue.push({ task: child.name, branch });
  }
  return [...targets.values()].some(p => p === 'Failed')
    ? 'Failed'
    : 'Succeeded';
}

/** Whether an entrypoint template is a DAG (`dag.tasks`). */
export function isDagTemplate(
  template: Record<string, unknown>,
): template is Record<string, unknown> & { dag: { tasks: unknown[] } } {
  return isRecord(template.dag) && Array.isArray(template.dag.tasks);
}

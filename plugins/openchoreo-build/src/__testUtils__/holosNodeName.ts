/**
 * The accessible name of a pipeline node's button, as a pattern: the text the node shows (kind,
 * stage, label and any `flags`), then which task it is in parentheses (see PipelineGraph).
 */
export function holosNodeName(task: string, flags = ''): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `${flags ? `${escape(flags)} ` : ''}\\(${escape(task)}\\)$`,
  );
}

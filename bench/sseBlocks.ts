/**
 * The benchmark's SSE clients read `/events` and step log streams as text. An event is the text
 * up to a blank line; a chunk may hold several events and end inside one.
 */

/**
 * Returns a function to give each chunk to: it calls `onBlock` with every complete event (its
 * lines, without the blank line) and keeps the unfinished rest for the next chunk.
 */
export function sseBlocks(
  onBlock: (block: string) => void,
): (chunk: string) => void {
  let buffer = '';
  return chunk => {
    buffer += chunk;
    let start = 0;
    for (
      let end = buffer.indexOf('\n\n');
      end >= 0;
      end = buffer.indexOf('\n\n', start)
    ) {
      onBlock(buffer.slice(start, end));
      start = end + 2;
    }
    buffer = buffer.slice(start);
  };
}

/** An event's name (`event:`) and its `data:` lines joined by `\n` (empty when it has none). */
export function sseEvent(block: string): { event?: string; data: string } {
  return {
    event: /^event: (.*)$/m.exec(block)?.[1],
    data: block
      .split('\n')
      .filter(line => line.startsWith('data: '))
      .map(line => line.slice(6))
      .join('\n'),
  };
}

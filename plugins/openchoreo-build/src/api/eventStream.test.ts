import type { RunEvent } from '@openchoreo-build/plugin-openchoreo-build-common';
import type { RunEventStreamState } from './OpenChoreoBuildApi';
import { startRunEventStream } from './eventStream';
import { runSummary } from '../testUtils/mockApi';

function sseAnswer(text: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start: controller => controller.enqueue(new TextEncoder().encode(text)),
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

describe('startRunEventStream', () => {
  it('decodes ready, run, reset and the backend error event', async () => {
    const event: RunEvent = {
      type: 'modified',
      namespace: 'default',
      run: runSummary(),
    };
    const seen: string[] = [];
    const subscription = startRunEventStream(
      async () =>
        sseAnswer(
          [
            'id: d:e:0\nevent: ready\ndata: {"namespaces":["default"]}\n\n',
            `id: d:e:1\nevent: run\ndata: ${JSON.stringify(event)}\n\n`,
            'event: run\ndata: not json\n\n',
            'event: stream-error\ndata: {"namespaces":["default"],"reason":"watch of default failed"}\n\n',
            'event: reset\ndata: {"namespaces":["default"],"reason":"expired"}\n\n',
          ].join(''),
        ),
      {
        onRun: e => seen.push(`run ${e.run.name}`),
        onReady: e => seen.push(`ready ${e.namespaces.join()}`),
        onReset: e => seen.push(`reset ${e.reason}`),
        onStateChange: (state, error) =>
          seen.push(`${state}${error ? ` ${error.message}` : ''}`),
      },
    );
    await tick();
    subscription.close();
    expect(seen).toEqual([
      'connecting',
      'open',
      'ready default',
      `run ${event.run.name}`,
      'reconnecting watch of default failed',
      'reset expired',
      'closed',
    ]);
  });

  it('fails for good when the backend refuses the stream', async () => {
    const connect = jest.fn(
      async () =>
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to read runs',
            },
          }),
          {
            status: 403,
          },
        ),
    );
    const states: Array<[RunEventStreamState, string | undefined]> = [];
    startRunEventStream(connect, {
      onRun: () => {},
      onStateChange: (s, e) => states.push([s, e?.message]),
    });
    await tick();
    expect(states).toEqual([
      ['connecting', undefined],
      ['failed', 'Not allowed to read runs'],
    ]);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});

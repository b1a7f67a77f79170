import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { OpenChoreoBuildClient, openChoreoBuildApiRef } from '../../api';
import { LogViewer } from './LogViewer';
import { LogViewerView } from './LogViewerView';
import {
  numberedLogStore,
  renderedLineNumbers,
} from '../../__testUtils__/logViewer';

describe('LogViewerView', () => {
  it('renders only a window of rows for a big log, with ANSI colours', async () => {
    const store = numberedLogStore(200_000);
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        source="live"
        state="open"
        height={600}
      />,
    );
    const rows = renderedLineNumbers();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(80);
    // Following: the window is at the end of the log.
    expect(rows).toContain(200_000);
    const green = screen.getAllByText('ok')[0];
    expect(green).toHaveStyle({ color: '#0dbc79' });
    expect(screen.getByTestId('log-lines')).toHaveAttribute(
      'data-total-lines',
      '200000',
    );
  });

  it('shows the source badge and the connection state', async () => {
    const store = numberedLogStore(3);
    // The view's props change in place (rerender would drop the test app's API providers).
    const Switching = () => {
      const [archived, setArchived] = useState(false);
      return (
        <>
          <button onClick={() => setArchived(true)}>pod gone</button>
          <LogViewerView
            store={store}
            version={1}
            source={archived ? 'archive' : 'polling'}
            state={archived ? 'reconnecting' : 'open'}
          />
        </>
      );
    };
    await renderInTestApp(<Switching />);
    expect(screen.getByTestId('log-source')).toHaveTextContent('Polling');
    await userEvent.click(screen.getByRole('button', { name: 'pod gone' }));
    expect(screen.getByTestId('log-source')).toHaveTextContent('Archive');
    expect(screen.getByRole('status')).toHaveTextContent('Reconnecting…');
  });

  it('searches with a match count, next / previous buttons and Enter / Shift+Enter', async () => {
    const store = numberedLogStore(50_000, i =>
      i % 10_000 === 123
        ? `step ${i}: \u001b[31mERROR\u001b[0m build failed`
        : `step ${i}: fine`,
    );
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        height={400}
        searchDebounceMs={0}
      />,
    );
    const input = screen.getByRole('textbox', { name: /Search log/ });
    await userEvent.type(input, 'error build');
    const count = screen.getByTestId('log-match-count');
    await waitFor(() => expect(count).toHaveTextContent('1 of 5'));
    // The view jumped to the first match and highlights it.
    expect(renderedLineNumbers()).toContain(124);
    // The match spans a red and a plain segment: both parts are marked as the active match.
    const active = Array.from(
      document.querySelectorAll('mark.oc-log-active'),
    ).map(m => m.textContent);
    expect(active.join('')).toBe('ERROR build');
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(count).toHaveTextContent('2 of 5');
    expect(renderedLineNumbers()).toContain(10_124);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(count).toHaveTextContent('3 of 5');
    fireEvent.keyDown(input, { key: 'Enter', shiftKey: true });
    expect(count).toHaveTextContent('2 of 5');
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous match' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous match' }),
    );
    expect(count).toHaveTextContent('5 of 5');
  });

  it('counts matches in lines that arrive after the search, keeping the active match', async () => {
    const store = numberedLogStore(5000, i =>
      i === 10 || i === 4000 ? `step ${i}: needle` : `step ${i}: hay`,
    );
    // Lines arrive as in the LogViewer: the store changes, then the version in state.
    let setVersion!: (version: number) => void;
    function Streaming() {
      const [version, set] = useState(store.version);
      setVersion = set;
      return (
        <LogViewerView
          store={store}
          version={version}
          state="open"
          height={300}
          searchDebounceMs={0}
        />
      );
    }
    await renderInTestApp(<Streaming />);
    await userEvent.type(
      screen.getByRole('textbox', { name: /Search log/ }),
      'NEEDLE',
    );
    const count = screen.getByTestId('log-match-count');
    await waitFor(() => expect(count).toHaveTextContent('1 of 2'));
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(count).toHaveTextContent('2 of 2');
    expect(renderedLineNumbers()).toContain(4001);
    act(() => {
      store.append([
        { n: 5000, text: 'late \u001b[1mneedle\u001b[0m' },
        { n: 5001, text: 'hay' },
      ]);
      setVersion(store.version);
    });
    // Re-runs for new lines are debounced by at least 500 ms.
    await waitFor(() => expect(count).toHaveTextContent('2 of 3'), {
      timeout: 5000,
    });
    // Still at the active match: the re-run does not jump back to the first one.
    expect(renderedLineNumbers()).toContain(4001);
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(renderedLineNumbers()).toContain(5001);
  });

  it('pauses follow when the user scrolls up and resumes with the Follow button', async () => {
    const store = numberedLogStore(1000);
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        source="live"
        state="open"
        height={300}
      />,
    );
    expect(
      screen.queryByRole('button', { name: 'Follow' }),
    ).not.toBeInTheDocument();
    fireEvent.wheel(screen.getByTestId('log-lines'), { deltaY: -100 });
    const follow = await screen.findByRole('button', { name: 'Follow' });
    await userEvent.click(follow);
    expect(
      screen.queryByRole('button', { name: 'Follow' }),
    ).not.toBeInTheDocument();
    expect(renderedLineNumbers()).toContain(1000);
  });

  it('reports line links and opens at a linked line', async () => {
    const store = numberedLogStore(5000);
    const onLineLinkChange = jest.fn();
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        initialLine={2500}
        onLineLinkChange={onLineLinkChange}
        height={300}
      />,
    );
    const row = document.getElementById('L2500')!;
    expect(row).toHaveClass('oc-log-selected');
    const link = within(row).getByRole('link', { name: 'Line 2500, link' });
    expect(link).toHaveAttribute('href', '#L2500');
    await userEvent.click(
      screen.getByRole('link', { name: 'Line 2501, link' }),
    );
    expect(onLineLinkChange).toHaveBeenCalledWith(2501);
    expect(document.getElementById('L2501')).toHaveClass('oc-log-selected');
  });
});

describe('LogViewer', () => {
  function sseResponse() {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: c => {
        controller = c;
      },
    });
    return {
      response: new Response(body, {
        status: 200,
        headers: { 'Content-Type': 'text/event-stream' },
      }),
      write: (text: string) =>
        controller.enqueue(new TextEncoder().encode(text)),
      close: () => controller.close(),
    };
  }

  it('streams through the API client (fetchApi), shows the source and a reconnecting state, and resumes with Last-Event-ID', async () => {
    const first = sseResponse();
    const second = sseResponse();
    const calls: Array<{ url: string; headers: Record<string, string> }> = [];
    const fetchApi = {
      fetch: jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
        calls.push({
          url: String(url),
          headers: (init?.headers ?? {}) as Record<string, string>,
        });
        return calls.length === 1 ? first.response : second.response;
      }),
    };
    const discoveryApi = {
      getBaseUrl: async () => 'http://backend/api/openchoreo-build',
    };
    await renderInTestApp(
      <LogViewer
        namespace="default"
        runName="r1"
        step="build-step"
        height={300}
      />,
      {
        apis: [
          [
            openChoreoBuildApiRef,
            new OpenChoreoBuildClient({ discoveryApi, fetchApi }),
          ],
        ],
      },
    );
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].url).toBe(
      'http://backend/api/openchoreo-build/runs/default/r1/steps/build-step/logs',
    );
    act(() => {
      first.write('retry: 1\n\nevent: source\ndata: {"source":"live"}\n\n');
      first.write(
        'id: 1\nevent: line\ndata: {"n":0,"ts":[null,null]}\ndata: hello\ndata: world\n\n',
      );
    });
    expect(await screen.findByText('world')).toBeInTheDocument();
    expect(screen.getByTestId('log-source')).toHaveTextContent('Live');
    act(() => first.close());
    expect(await screen.findByText('Reconnecting…')).toBeInTheDocument();
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].headers['Last-Event-ID']).toBe('1');
    act(() => {
      second.write(
        'event: source\ndata: {"source":"archive"}\n\nid: 2\nevent: line\ndata: {"n":2,"ts":[null]}\ndata: again\n\n',
      );
      second.write('event: end\ndata: {"totalLines":3}\n\n');
    });
    expect(await screen.findByText('again')).toBeInTheDocument();
    expect(screen.getByTestId('log-source')).toHaveTextContent('Archive');
    expect(await screen.findByText('Complete · 3 lines')).toBeInTheDocument();
  });
});

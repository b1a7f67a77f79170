import type { TranslationApi } from '@backstage/frontend-plugin-api';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { LogViewerView } from './LogViewerView';
import { logStoreOf, renderedLineNumbers } from '../../__testUtils__/logViewer';

const row = (line: number) => document.getElementById(`L${line}`)!;
const lineLink = (line: number) =>
  screen.getByRole('link', { name: `Line ${line}, link` });
const selectedLines = () =>
  Array.from(document.querySelectorAll('.oc-log-selected'), el =>
    Number(el.getAttribute('data-line')),
  );
describe('LogViewerView: ANSI colours across lines', () => {
  it('colours the lines between a colour and its reset', async () => {
    const store = logStoreOf([
      '\u001b[31mred starts on line 1',
      'line 2 is red',
      'line 3 resets\u001b[0m here',
      'line 4 is plain',
    ]);
    await renderInTestApp(
      <LogViewerView store={store} version={store.version} state="ended" />,
    );
    expect(screen.getByText('line 2 is red')).toHaveStyle({
      color: '#e95a5a',
    });
    expect(screen.getByText('line 3 resets')).toHaveStyle({ color: '#e95a5a' });
    expect(screen.getByText('here').tagName).toBe('SPAN');
    expect(screen.getByText('here')).toHaveClass('oc-log-text');
    expect(screen.getByText('line 4 is plain')).toHaveClass('oc-log-text');
  });
});

describe('LogViewerView: First error', () => {
  it('selects and shows the first line that looks like an error, and links it', async () => {
    const texts = Array.from({ length: 50_000 }, (_, i) => `step ${i}: fine`);
    texts[100] = 'Compiled with 0 errors';
    texts[200] = 'no error: cache is warm';
    texts[30_000] = '\u001b[31mnpm ERR!\u001b[0m code ELIFECYCLE';
    texts[40_000] = 'ERROR: a later one';
    const store = logStoreOf(texts);
    const onRangeLinkChange = jest.fn();
    const onLineLinkChange = jest.fn();
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        height={400}
        onRangeLinkChange={onRangeLinkChange}
        onLineLinkChange={onLineLinkChange}
      />,
    );
    // Following: the view starts at the end of the log.
    expect(renderedLineNumbers()).toContain(50_000);
    await userEvent.click(screen.getByRole('button', { name: 'First error' }));
    expect(renderedLineNumbers()).toContain(30_001);
    expect(selectedLines()).toEqual([30_001]);
    expect(onRangeLinkChange).toHaveBeenLastCalledWith({
      start: 30_001,
      end: 30_001,
    });
    expect(onLineLinkChange).toHaveBeenLastCalledWith(30_001);
  });

  it('is disabled, saying why, while no line looks like an error, and enabled when one arrives', async () => {
    const store = logStoreOf(['fine', 'Found 0 errors', 'exit code 0']);
    let setVersion!: (version: number) => void;
    function Streaming() {
      const [version, set] = useState(store.version);
      setVersion = set;
      return <LogViewerView store={store} version={version} state="open" />;
    }
    await renderInTestApp(<Streaming />);
    const button = screen.getByRole('button', { name: 'First error' });
    await waitFor(() => expect(button).toBeDisabled());
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByRole('tooltip', {
        name: 'No line looks like an error',
      }),
    ).toBeInTheDocument();
    act(() => {
      store.append([{ n: 3, text: 'panic: runtime error' }]);
      setVersion(store.version);
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(selectedLines()).toEqual([4]);
  });
});

describe('LogViewerView: line ranges', () => {
  const hundredLines = () =>
    logStoreOf(Array.from({ length: 100 }, (_, i) => `text of line ${i + 1}`));

  it('extends the selection with Shift+click, reports it and copies it', async () => {
    const store = hundredLines();
    const onRangeLinkChange = jest.fn();
    const onLineLinkChange = jest.fn();
    const writeText = jest.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    try {
      await renderInTestApp(
        <LogViewerView
          store={store}
          version={store.version}
          state="ended"
          onRangeLinkChange={onRangeLinkChange}
          onLineLinkChange={onLineLinkChange}
        />,
      );
      await userEvent.click(lineLink(90));
      expect(selectedLines()).toEqual([90]);
      fireEvent.click(lineLink(95), { shiftKey: true });
      expect(selectedLines()).toEqual([90, 91, 92, 93, 94, 95]);
      expect(onRangeLinkChange).toHaveBeenLastCalledWith({
        start: 90,
        end: 95,
      });
      expect(onLineLinkChange).toHaveBeenLastCalledWith(90);
      expect(lineLink(93)).toHaveAttribute('aria-current', 'true');
      // The anchor stays at the line clicked without Shift.
      fireEvent.click(lineLink(88), { shiftKey: true });
      expect(selectedLines()).toEqual([88, 89, 90]);

      await userEvent.click(screen.getByRole('button', { name: 'Copy log' }));
      expect(writeText).toHaveBeenCalledWith(
        'text of line 88\ntext of line 89\ntext of line 90',
      );
      expect(
        await screen.findByRole('tooltip', { name: '3 lines copied' }),
      ).toBeInTheDocument();

      // One selected line is a link, not a range: Copy copies the whole log.
      await userEvent.click(lineLink(99));
      await userEvent.click(screen.getByRole('button', { name: 'Copy log' }));
      expect(writeText).toHaveBeenLastCalledWith(store.plainText());
    } finally {
      Reflect.deleteProperty(navigator, 'clipboard');
    }
  });

  it('says so when the browser refuses to copy', async () => {
    // jsdom has neither navigator.clipboard nor document.execCommand: nothing can be copied.
    const store = hundredLines();
    await renderInTestApp(
      <LogViewerView store={store} version={store.version} state="ended" />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copy log' }));
    expect(
      await screen.findByRole('tooltip', {
        name: /The browser refused to copy/,
      }),
    ).toBeInTheDocument();
  });

  it('selects with Enter or Space on a line number, and extends with Shift', async () => {
    const store = hundredLines();
    const onRangeLinkChange = jest.fn();
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        onRangeLinkChange={onRangeLinkChange}
      />,
    );
    lineLink(92).focus();
    await userEvent.keyboard('{Enter}');
    expect(selectedLines()).toEqual([92]);
    lineLink(94).focus();
    await userEvent.keyboard('{Shift>} {/Shift}');
    expect(selectedLines()).toEqual([92, 93, 94]);
    lineLink(90).focus();
    await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
    expect(selectedLines()).toEqual([90, 91, 92]);
    lineLink(97).focus();
    await userEvent.keyboard(' ');
    expect(selectedLines()).toEqual([97]);
    expect(onRangeLinkChange).toHaveBeenLastCalledWith({ start: 97, end: 97 });
  });

  it('opens at a linked range', async () => {
    const store = logStoreOf(
      Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`),
    );
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        initialRange={{ start: 2500, end: 2503 }}
        height={300}
      />,
    );
    expect(selectedLines()).toEqual([2500, 2501, 2502, 2503]);
    expect(renderedLineNumbers()).toContain(2500);
    expect(renderedLineNumbers()).not.toContain(5000);
    expect(
      within(row(2504)).getByRole('link', { name: 'Line 2504, link' }),
    ).not.toHaveAttribute('aria-current');
  });
});

describe('LogViewerView: full screen', () => {
  const viewer = () => screen.getByTestId('log-viewer');
  const fullscreenButton = () =>
    screen.getByRole('button', { name: 'Full screen' });

  it('covers the viewport where the Fullscreen API is missing, and Esc leaves', async () => {
    const store = logStoreOf(['a', 'b', 'c']);
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        height={300}
        searchDebounceMs={0}
      />,
    );
    expect(screen.getByTestId('log-lines')).toHaveStyle({ height: '300px' });
    await userEvent.click(fullscreenButton());
    expect(viewer()).toHaveAttribute('data-fullscreen', 'overlay');
    expect(viewer()).toHaveStyle({ position: 'fixed' });
    expect(fullscreenButton()).toHaveAttribute('aria-pressed', 'true');
    // The lines fill what the toolbar leaves (the list measures its new height).
    expect(screen.getByTestId('log-lines')).toHaveStyle({ height: '100%' });

    // Esc in the search box clears the query first, and stays in full screen.
    const input = screen.getByRole('textbox', { name: /Search log/ });
    await userEvent.type(input, 'b');
    await userEvent.keyboard('{Escape}');
    expect(input).toHaveValue('');
    expect(viewer()).toHaveAttribute('data-fullscreen', 'overlay');
    await userEvent.keyboard('{Escape}');
    expect(viewer()).toHaveAttribute('data-fullscreen', 'off');
    expect(screen.getByTestId('log-lines')).toHaveStyle({ height: '300px' });
  });

  it('uses the Fullscreen API on the viewer where there is one', async () => {
    let fullscreenElement: Element | null = null;
    const setFullscreen = (element: Element | null) => {
      fullscreenElement = element;
      document.dispatchEvent(new Event('fullscreenchange'));
    };
    const requestFullscreen = jest.fn(async function request(
      this: HTMLElement,
    ) {
      setFullscreen(this);
    });
    const exitFullscreen = jest.fn(async () => setFullscreen(null));
    Object.defineProperties(document, {
      fullscreenEnabled: { value: true, configurable: true },
      fullscreenElement: { get: () => fullscreenElement, configurable: true },
      exitFullscreen: { value: exitFullscreen, configurable: true },
    });
    Object.defineProperty(HTMLElement.prototype, 'requestFullscreen', {
      value: requestFullscreen,
      configurable: true,
    });
    try {
      const store = logStoreOf(['a', 'b']);
      await renderInTestApp(
        <LogViewerView store={store} version={store.version} state="ended" />,
      );
      await userEvent.click(fullscreenButton());
      expect(requestFullscreen.mock.contexts[0]).toBe(viewer());
      await waitFor(() =>
        expect(viewer()).toHaveAttribute('data-fullscreen', 'native'),
      );
      expect(viewer()).not.toHaveStyle({ position: 'fixed' });
      // The browser leaves full screen on Esc and says so with an event.
      act(() => setFullscreen(null));
      expect(viewer()).toHaveAttribute('data-fullscreen', 'off');
      await userEvent.click(fullscreenButton());
      await waitFor(() =>
        expect(viewer()).toHaveAttribute('data-fullscreen', 'native'),
      );
      await userEvent.click(fullscreenButton());
      expect(exitFullscreen).toHaveBeenCalled();
      expect(viewer()).toHaveAttribute('data-fullscreen', 'off');
    } finally {
      for (const key of [
        'fullscreenEnabled',
        'fullscreenElement',
        'exitFullscreen',
      ])
        Reflect.deleteProperty(document, key);
      Reflect.deleteProperty(HTMLElement.prototype, 'requestFullscreen');
    }
  });
});

describe('LogViewerView: translation', () => {
  it('takes the source labels from the translation ref', async () => {
    const defaults = mockApis.translation();
    // Every text of the log viewer's tools in brackets, the others as they are.
    const translationApi = mockApis.translation.mock({
      getTranslation: ref => {
        const snapshot = defaults.getTranslation(ref);
        if (!snapshot.ready) return snapshot;
        const t = ((key: string, options?: Record<string, unknown>) => {
          const text = (snapshot.t as (k: string, o?: unknown) => string)(
            key,
            options,
          );
          return key.startsWith('logViewerTools.') ? `[${text}]` : text;
        }) as typeof snapshot.t;
        return { ready: true, t };
      },
      translation$: (() => ({
        subscribe: () => ({ unsubscribe: () => {}, closed: false }),
      })) as unknown as TranslationApi['translation$'],
    });
    const store = logStoreOf(['a']);
    await renderInTestApp(
      <LogViewerView
        store={store}
        version={store.version}
        state="ended"
        source="archive"
      />,
      { apis: [translationApi] },
    );
    expect(screen.getByTestId('log-source')).toHaveTextContent('[Archive]');
    expect(screen.getByTestId('log-source')).toHaveAccessibleName(
      '[Source: [Archive]]',
    );
    expect(screen.getByRole('button', { name: '[First error]' })).toBeVisible();
  });
});

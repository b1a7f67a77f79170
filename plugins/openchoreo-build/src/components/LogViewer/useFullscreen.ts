import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * How the viewer fills the screen: `native` through the Fullscreen API, `overlay` as a fixed
 * element over the page's viewport where the API is missing or refused (jsdom, iframes without
 * `allowfullscreen`, some mobile browsers).
 */
export type FullscreenMode = 'off' | 'native' | 'overlay';

export interface Fullscreen {
  mode: FullscreenMode;
  toggle(): void;
}

/**
 * Full screen for the element in `ref`. Esc leaves either mode: the browser handles it in native
 * full screen (`fullscreenchange` tells), a document listener in the overlay (a component that
 * uses Esc itself, like a search box with text, stops its propagation).
 */
export function useFullscreen(ref: RefObject<HTMLElement>): Fullscreen {
  const [mode, setMode] = useState<FullscreenMode>('off');

  useEffect(() => {
    const onChange = () =>
      setMode(current => {
        if (document.fullscreenElement === ref.current) return 'native';
        return current === 'native' ? 'off' : current;
      });
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [ref]);

  useEffect(() => {
    if (mode !== 'overlay') return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setMode('off');
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [mode]);

  // Leaving the page (another step's log) leaves full screen too.
  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element && document.fullscreenElement === element)
        void document.exitFullscreen?.();
    };
  }, [ref]);

  const toggle = useCallback(() => {
    if (mode === 'native') {
      void document.exitFullscreen?.();
      return;
    }
    if (mode === 'overlay') {
      setMode('off');
      return;
    }
    const element = ref.current;
    if (element?.requestFullscreen && document.fullscreenEnabled) {
      element
        .requestFullscreen()
        .then(() => setMode('native'))
        .catch(() => setMode('overlay'));
    } else {
      setMode('overlay');
    }
  }, [mode, ref]);

  return { mode, toggle };
}

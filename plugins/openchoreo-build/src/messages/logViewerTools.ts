/**
 * English texts of one area, merged into `openchoreoBuildTranslationRef` (`../translation.ts`)
 * (`as const`: interpolation parameters are typed from the literal texts) under the top-level key `logViewerTools`. Kept beside the area's components so each area owns its words.
 */
export const logViewerToolsMessages = {
  logViewerTools: {
    sources: {
      live: 'Live',
      polling: 'Polling',
      archive: 'Archive',
    },
    sourceHints: {
      live: 'Streamed from the pod as it writes (Kubernetes follow)',
      polling:
        'Polled from the pod through the cluster gateway (agent-mode build plane)',
      archive: 'Read from the observer archive: the pod is gone',
    },
    sourceLabel: 'Source: {{source}}',
    logLabel: 'Step log',
    matchPosition: '{{position}} of {{total}}',
    lineLink: 'Line {{line}}, link',
    firstError: 'First error',
    firstErrorHint:
      'Select and show the first line that looks like an error (error:, ERROR, FAILED, panic:, a non-zero exit code…)',
    noErrorLine: 'No line looks like an error',
    copyHint:
      'Copy the selected text, the selected lines (Shift+click a line number to select a range), or the whole log',
    copyRefused:
      'The browser refused to copy: select the lines and press Ctrl+C (⌘+C), or download the log',
    fullscreen: 'Full screen',
    exitFullscreen: 'Exit full screen (Esc)',
  },
} as const;

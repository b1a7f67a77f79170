import { useTranslationRef } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ChangeEvent, KeyboardEvent } from 'react';
import { useRef, useState } from 'react';
import { errorMessage, errorStatus } from '../../api/fieldErrors';
import { ErrorState } from '../common/ErrorState';
import { inputErrorPosition, lineRange } from './inputError';
import { openchoreoBuildTranslationRef } from '../../translation';

/**
 * Reads an uploaded file as text (FileReader: every browser, and jsdom, have it). Rejects with the
 * browser's reason, or an Error without a message when it gives none.
 */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error());
    reader.readAsText(file);
  });
}

/** A 400: the text could not be read, or a document is of another kind. Names the line. */
const InputErrorAlert = (props: {
  error: Error;
  text: string;
  onGoToLine: (line: number) => void;
}) => {
  const { error, text, onGoToLine } = props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const message = errorMessage(error);
  const { line, column } = inputErrorPosition(error, message);
  const content = line ? lineRange(text, line)?.content : undefined;
  let title: string = t('holos.input.errorTitle');
  if (line && column) {
    title = t('holos.input.errorTitleAtColumn', {
      line: String(line),
      column: String(column),
    });
  } else if (line) {
    title = t('holos.input.errorTitleAtLine', { line: String(line) });
  }
  return (
    <Alert
      severity="error"
      data-testid="holos-input-error"
      sx={{ mb: 2 }}
      action={
        line ? (
          <Button color="inherit" size="small" onClick={() => onGoToLine(line)}>
            {t('holos.input.goToLine', { line: String(line) })}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {message}
      {content !== undefined && (
        <Box
          component="pre"
          sx={{ m: 0, mt: 1, fontFamily: 'monospace', whiteSpace: 'pre-wrap' }}
          aria-label={t('holos.input.lineLabel', { line: String(line) })}
        >
          {`${line} | ${content}`}
        </Box>
      )}
      <Box mt={1}>{t('holos.input.errorHint')}</Box>
    </Alert>
  );
};

/**
 * Where a plan is pasted or uploaded: a monospace editor, "Upload file" and "Validate"
 * (Ctrl+Enter or Cmd+Enter). A 400 is shown above the editor with the line it names.
 */
export const PlanInput = (props: {
  text: string;
  onTextChange: (text: string) => void;
  onValidate: (text: string) => void;
  loading: boolean;
  error?: Error;
  /** The text `error` is about (the editor may have changed since). */
  errorText?: string;
  retry: () => void;
}) => {
  const { text, onTextChange, onValidate, loading, error, errorText, retry } =
    props;
  const { t } = useTranslationRef(openchoreoBuildTranslationRef);
  const editor = useRef<HTMLTextAreaElement | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const canValidate = text.trim() !== '' && !loading;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (canValidate) onValidate(text);
    }
  };
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file may be chosen again after an edit.
    event.target.value = '';
    if (!file) return;
    setFileError(undefined);
    try {
      const content = await readText(file);
      onTextChange(content);
      if (content.trim()) onValidate(content);
    } catch (e) {
      setFileError(
        t('holos.input.fileReadFailed', {
          name: file.name,
          // A DOMException from FileReader, or our Error without a message.
          message:
            (e as Error | undefined)?.message || t('holos.input.noReadReason'),
        }),
      );
    }
  };
  const goToLine = (line: number) => {
    const range = lineRange(text, line);
    const area = editor.current;
    if (!range || !area) return;
    area.focus();
    area.setSelectionRange(range.start, range.end);
  };

  return (
    <Box>
      {error && errorStatus(error) === 400 && (
        <InputErrorAlert
          error={error}
          text={errorText ?? text}
          onGoToLine={goToLine}
        />
      )}
      {error && errorStatus(error) !== 400 && (
        <Box mb={2}>
          <ErrorState error={error} retry={retry} />
        </Box>
      )}
      {fileError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {fileError}
        </Alert>
      )}
      <TextField
        label={t('renderPlansTab.planText')}
        helperText={t('renderPlansTab.planTextHelp')}
        multiline
        minRows={10}
        maxRows={24}
        fullWidth
        value={text}
        onChange={event => onTextChange(event.target.value)}
        onKeyDown={onKeyDown}
        inputRef={editor}
        inputProps={{
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: '0.8125rem' },
        }}
      />
      <Box display="flex" gap={1} mt={1} alignItems="center">
        <Button
          variant="contained"
          onClick={() => onValidate(text)}
          disabled={!canValidate}
        >
          {loading
            ? t('renderPlansTab.validating')
            : t('renderPlansTab.validate')}
        </Button>
        <Button
          variant="outlined"
          startIcon={<UploadFileIcon />}
          onClick={() => fileInput.current?.click()}
        >
          {t('renderPlansTab.uploadFile')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,.json"
          hidden
          aria-label={t('holos.input.fileLabel')}
          data-testid="holos-file-input"
          onChange={onFile}
        />
      </Box>
    </Box>
  );
};

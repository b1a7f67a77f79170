import captured from './kubectl-v1.32.4.json';

/** The request bodies kubectl v1.32.4 sent (see README.md): their names, commands and bytes. */
export type CaptureName = keyof typeof captured;

export const CAPTURES = captured;

export const CAPTURE_NAMES = Object.keys(captured) as CaptureName[];

export function capturedBody(name: CaptureName): Buffer {
  return Buffer.from(captured[name].body, 'base64');
}

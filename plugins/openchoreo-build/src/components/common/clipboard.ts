/**
 * Copies `text` to the clipboard: the asynchronous Clipboard API where the page may use it, else
 * the older `execCommand('copy')` on a hidden text area (pages served over plain HTTP, browsers
 * that refuse the API). Resolves to whether the text was copied, so the caller can say so or
 * offer the text to copy by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, not a secure context): try the older way below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  try {
    area.select();
    return typeof document.execCommand === 'function'
      ? document.execCommand('copy')
      : false;
  } catch {
    return false;
  } finally {
    document.body.removeChild(area);
  }
}

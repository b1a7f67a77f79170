/**
 * How every browser of this project is launched: Debian's Chromium (never a downloaded browser)
 * at /usr/bin/chromium, or CHROMIUM_PATH, with the flags a headless CI container needs. Used by
 * both Playwright configs and `yarn bench`.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

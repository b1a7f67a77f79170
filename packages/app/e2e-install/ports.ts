/** Ports of the app scripts/install-proof.sh creates and starts (its own, beside the other suites). */
export const INSTALL_APP_PORT = 3400;
export const INSTALL_BACKEND_PORT = 7407;

// What a page's link names (every app and screen authenticates with the last segment of its path), and whether an
// address is the device's own (loopback), which a tablet or a phone could never reach (for the pages' QR codes).

/** The last segment of the page's path: the token or event id of a link like /judge/<token> or /display/<token>. */
export function linkParam(): string {
  return decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
}

/** Whether a base address (`http://127.0.0.1:3000`) points at the device that opens it: localhost, 127.x, ::1 or 0.0.0.0. */
export function isLoopback(base: string): boolean {
  const host = new URL(base).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0';
}

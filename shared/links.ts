// The links people open: the path of each role's page, and whether an address is this machine's own (loopback), which
// a tablet or a phone could never reach. Shared by the server that builds links and the pages that show them as QR codes.

/** The paths of the links each role opens. */
export const linkPath = {
  host: (token: string) => `/host/${token}`,
  display: (token: string) => `/display/${token}`,
  judge: (token: string) => `/judge/${token}`,
  supervisor: (token: string) => `/supervisor/${token}`,
  audience: (eventId: string) => `/live/${eventId}`,
};

/** Whether a base address (`http://127.0.0.1:3000`) points at the device that opens it: localhost, 127.x, ::1 or 0.0.0.0. */
export function isLoopback(base: string): boolean {
  const host = new URL(base).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]' || host === '0.0.0.0';
}

// What a page's link names: every app and screen authenticates with the last segment of its path.

/** The last segment of the page's path: the token or event id of a link like /judge/<token> or /display/<token>. */
export function linkParam(): string {
  return decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
}

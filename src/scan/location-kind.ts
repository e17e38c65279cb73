import type { Location } from './findings.js';

/**
 * True when a location names a file of the repository (or working tree):
 * the typed flag, never the text of the path (a file may be named `(x)`).
 */
export function isRepositoryFile(location: Pick<Location, 'kind'>): boolean {
  return (location.kind ?? 'file') === 'file';
}

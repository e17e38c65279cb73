/**
 * The one source of the version and the project's addresses: package.json.
 * The JSON is imported, so ncc inlines it into each bundle (dist/ does not
 * read package.json at run time).
 */
import pkg from '../package.json' with { type: 'json' };

/** The release version, as in package.json (`0.1.0`, tagged `v0.1.0`). */
export const VERSION: string = pkg.version;

/** The project's home page (package.json `homepage`). */
export const HOMEPAGE: string = pkg.homepage;

/** The repository's web address, from package.json `repository.url` (no `git+`, no `.git`). */
export const REPOSITORY_URL: string = pkg.repository.url
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

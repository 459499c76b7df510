import { ERROR_CATALOGUE } from '../src/common/errors';

/** Prints the README's error-code table from the catalogue, so docs cannot drift from code. */
const rows = Object.entries(ERROR_CATALOGUE).map(
  ([code, e]) => `| \`${code}\` | ${e.http} | ${e.retryable ? 'yes' : 'no'} | ${e.description} |`,
);
console.log(['| code | HTTP meaning | retryable | when |', '|---|---|---|---|', ...rows].join('\n'));

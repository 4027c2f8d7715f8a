/** The command was asked for something that is not there (an untracked URL, a version that does not exist). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** editwatch's version, in the user agent and `--version`; its own module so `--help` loads nothing else. */
export const VERSION = '0.1.0';

import { describe, expect, it } from 'vitest';
import { checkErrorCode, parseCheckErrorCode } from './check-error.ts';
import { ExtractError } from './extract/extract-error.ts';
import { FETCH_ERROR_CODES, FetchTimeoutError, HttpStatusError, RedirectError } from './fetch/errors.ts';

describe('check error codes', () => {
  it('are the strings stored with failed checks', () => {
    expect(checkErrorCode(new HttpStatusError('https://a.example/', 410, null))).toBe('http-410');
    expect(
      checkErrorCode(
        new RedirectError('https://a.example/', 'too-many', ['https://a.example/', 'https://b.example/'], 0),
      ),
    ).toBe('redirect-too-many');
    expect(checkErrorCode(new FetchTimeoutError('https://a.example/', 10, 'connect'))).toBe('timeout');
    expect(checkErrorCode(new ExtractError('https://a.example/', 'too-complex', 'too deep'))).toBe(
      'extract-too-complex',
    );
    expect(checkErrorCode(new TypeError('a bug'))).toBe('internal');
  });

  it('read back as the failure they name', () => {
    expect(parseCheckErrorCode('http-503')).toEqual({ stage: 'http', status: 503 });
    expect(parseCheckErrorCode('extract-no-body')).toEqual({ stage: 'extract', reason: 'no-body' });
    for (const code of FETCH_ERROR_CODES) expect(parseCheckErrorCode(code)).toEqual({ stage: 'fetch', code });
    for (const code of ['internal', null, '', 'extract-', 'http-', 'something-else'])
      expect(parseCheckErrorCode(code)).toEqual({ stage: 'internal' });
  });
});

import { describe, expect, it } from 'vitest';
import { isAllowedAddress, literalAddressOf, nonPublicHostname, nonPublicRange } from './address-guard.ts';

describe('nonPublicRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.9', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
  ])('refuses %s (%s)', (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
    expect(isAllowedAddress(address, false)).toBe(false);
  });

  it.each(['93.184.216.34', '151.101.1.140', '2606:4700::6810:85e5'])('allows public %s', (address) => {
    expect(nonPublicRange(address)).toBeNull();
    expect(isAllowedAddress(address, false)).toBe(true);
  });

  it('lets a policy allow chosen private addresses only', () => {
    const onlyOne = (a: string) => a === '127.0.0.1';
    expect(isAllowedAddress('127.0.0.1', onlyOne)).toBe(true);
    expect(isAllowedAddress('127.0.0.2', onlyOne)).toBe(false);
    expect(isAllowedAddress('10.0.0.1', true)).toBe(true);
  });

  it('recognises IP literals in hosts', () => {
    expect(literalAddressOf('[::1]')).toBe('::1');
    expect(literalAddressOf('127.0.0.1')).toBe('127.0.0.1');
    expect(literalAddressOf('example.com')).toBeNull();
  });
});

describe('nonPublicHostname', () => {
  it('names the range of a host plainly not public, as a URL parser leaves it, without looking anything up', () => {
    const host = (url: string) => new URL(url).hostname;
    expect(nonPublicHostname(host('http://127.0.0.1/a'))).toBe('loopback');
    // Other spellings of an address end as the same hostname once parsed.
    expect(nonPublicHostname(host('http://2130706433/a'))).toBe('loopback');
    expect(nonPublicHostname(host('http://0x7f.1/a'))).toBe('loopback');
    expect(nonPublicHostname(host('http://[::ffff:10.0.0.1]/a'))).toBe('private');
    expect(nonPublicHostname(host('http://[::1]:8080/a'))).toBe('loopback');
    expect(nonPublicHostname(host('http://169.254.169.254/latest/meta-data'))).toBe('linkLocal');
    expect(nonPublicHostname(host('http://0/a'))).toBe('unspecified');
    expect(nonPublicHostname(host('http://LOCALHOST./a'))).toBe('loopback');
    expect(nonPublicHostname(host('http://admin.localhost/a'))).toBe('loopback');
    expect(nonPublicHostname(host('https://www.example-news.com/a'))).toBeNull();
    expect(nonPublicHostname(host('https://93.184.216.34/a'))).toBeNull();
    expect(nonPublicHostname(host('https://notlocalhost.com/a'))).toBeNull();
  });
});

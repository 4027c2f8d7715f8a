import { describe, expect, it } from 'vitest';
import { isAllowedAddress, literalAddressOf, nonPublicRange } from './address-guard.ts';

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

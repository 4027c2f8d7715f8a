import { describe, expect, it } from 'vitest';
import { chooseChangeTarget, chooseVersionPair } from './version-pair.ts';

const URL = 'https://news.example/a';
const three = [1, 2, 3];

describe('the versions diff compares', () => {
  it('defaults to the last two, or the one before --to, or --from to the latest', () => {
    expect(chooseVersionPair(URL, three, {})).toEqual({ from: 2, to: 3, note: null });
    expect(chooseVersionPair(URL, three, { to: 2 })).toEqual({ from: 1, to: 2, note: null });
    expect(chooseVersionPair(URL, three, { from: 1 })).toEqual({ from: 1, to: 3, note: null });
    expect(chooseVersionPair(URL, [1], {})).toBeNull();
  });

  it('turns versions given the wrong way round, and says so', () => {
    expect(chooseVersionPair(URL, three, { from: 2, to: 1 })).toEqual({
      from: 1,
      to: 2,
      note: 'version 2 is later than version 1: showing the change from 1 to 2',
    });
  });

  it('refuses a pair that names no change, saying why', () => {
    expect(() => chooseVersionPair(URL, three, { to: 1 })).toThrow(
      `version 1 is the first of ${URL}: nothing before it to compare with (--to takes 2 to 3)`,
    );
    expect(() => chooseVersionPair(URL, three, { from: 3 })).toThrow(
      `version 3 is the latest of ${URL}: nothing after it to compare with (--from takes 1 to 2)`,
    );
    expect(() => chooseVersionPair(URL, three, { from: 2, to: 2 })).toThrow(
      '--from and --to both name version 2; name two different versions',
    );
    expect(() => chooseVersionPair(URL, three, { from: 7 })).toThrow(`no version 7 of ${URL}; versions are 1 to 3`);
    expect(() => chooseVersionPair(URL, [1], { to: 1 })).toThrow(
      `${URL} has one version so far: nothing to compare it with`,
    );
    expect(() => chooseVersionPair(URL, [1], { from: 1 })).toThrow(
      `${URL} has one version so far: nothing to compare it with`,
    );
    expect(() => chooseVersionPair(URL, [], { from: 1 })).toThrow(`no version 1 of ${URL}; it has no version yet`);
  });
});

describe('the change render draws', () => {
  it('is the one that led to --to, by default the latest', () => {
    expect(chooseChangeTarget(URL, three, undefined)).toBe(3);
    expect(chooseChangeTarget(URL, three, 2)).toBe(2);
    expect(chooseChangeTarget(URL, [1], undefined)).toBeNull();
  });

  it('refuses the first version, which no change led to, and versions that do not exist', () => {
    expect(() => chooseChangeTarget(URL, three, 1)).toThrow(
      `version 1 is the first of ${URL}: no change led to it (--to takes 2 to 3)`,
    );
    expect(() => chooseChangeTarget(URL, [1], 1)).toThrow(
      `version 1 is the first of ${URL}: no change led to it, and there is no other yet`,
    );
    expect(() => chooseChangeTarget(URL, three, 9)).toThrow(`no version 9 of ${URL}; versions are 1 to 3`);
  });
});

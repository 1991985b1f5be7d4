import { parseDurationList } from './duration-list';

describe('parseDurationList', () => {
  it.each([
    ['250ms', 250],
    ['5s', 5_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['0s', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDurationList(text)).toEqual([ms]);
  });

  it('reads a comma-separated list in order, ignoring spaces and empty entries', () => {
    expect(parseDurationList(' 5s, 5m,,30m ,2h,')).toEqual([5_000, 300_000, 1_800_000, 7_200_000]);
  });

  it.each(['', ' ', ',', ' , '])('rejects %j as listing no duration', (text) => {
    expect(() => parseDurationList(text)).toThrow('must list at least one duration');
  });

  it.each(['5', 's', '5sec', '1.5s', '-5s', '5 s', '5S', '2w'])('rejects %j, quoting the bad part', (part) => {
    expect(() => parseDurationList(`5s,${part}`)).toThrow(`"${part.trim()}" is not a duration`);
  });
});

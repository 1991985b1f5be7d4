import { csvField, toCsv } from './csv';

describe('csv', () => {
  it('leaves plain values alone and empties null', () => {
    expect(csvField('CNC intern')).toBe('CNC intern');
    expect(csvField(0.75)).toBe('0.75');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('Welder, night shift')).toBe('"Welder, night shift"');
    expect(csvField('the "best" intern')).toBe('"the ""best"" intern"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes a header row and CRLF line ends', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x,y'],
          [null, 2],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n,2\r\n');
  });
});

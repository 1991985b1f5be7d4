import { csvField, toCsv } from './csv';

describe('csvField', () => {
  it('leaves plain values alone and writes null and undefined as empty', () => {
    expect(csvField('CNC intern')).toBe('CNC intern');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(0.75)).toBe('0.75');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(true)).toBe('true');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('Welder, night shift')).toBe('"Welder, night shift"');
    expect(csvField('the "best" intern')).toBe('"the ""best"" intern"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
  });

  it('quotes a ; so spreadsheets whose list separator is ; keep the field whole', () => {
    expect(csvField('name;role')).toBe('"name;role"');
    expect(csvField('a;=1+1')).toBe('"a;=1+1"');
  });

  it('keeps text a spreadsheet would run as a formula as text, with a leading apostrophe', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+A1')).toBe("'+A1");
    expect(csvField('-1+1')).toBe("'-1+1");
    // A number written as text runs as nothing but itself.
    expect(csvField('-3')).toBe('-3');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('=1+1;2')).toBe(`"'=1+1;2"`);
    expect(csvField('a=1')).toBe('a=1');
  });
});

describe('toCsv', () => {
  it('writes a header row and CRLF line ends, the last line too', () => {
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

  it('writes just the header when there are no rows, and applies the field rules to header cells', () => {
    expect(toCsv(['a', 'outcomes_a;b'], [])).toBe('a,"outcomes_a;b"\r\n');
  });
});

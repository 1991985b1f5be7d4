import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows, quoting commas, quotes and line breaks, and defusing formulas', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        { a: 'plain', b: 1.5 },
        { a: 'with, comma', b: null },
        { a: 'say "hi"\nthere', b: '=SUM(A1)' },
        { a: '-3', b: undefined },
      ],
    );
    expect(csv).toBe('a,b\r\nplain,1.5\r\n"with, comma",\r\n"say ""hi""\nthere",\'=SUM(A1)\r\n-3,\r\n');
  });
});

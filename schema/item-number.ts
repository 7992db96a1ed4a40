/** Item numbers as Norwegian documents print them: sequence padded to two digits, "/", four-digit year. */
export function formatItemNumber(sequence: number, year: number, suffix = ''): string {
  return `${String(sequence).padStart(2, '0')}${suffix}/${year}`;
}

export interface ParsedItemNumber {
  sequence: number;
  suffix: string;
  year: number;
}

/**
 * Reads the variants real documents and eInnsyn searches use: "21/2017", "2017/21", "21/17", "Sak 24a/2017",
 * "Sak 44 /2014", "14/07". A two-digit year is taken as 20xx. Returns null when the text is no item number.
 */
export function parseItemNumber(text: string): ParsedItemNumber | null {
  const m = /^\s*(?:sak\s*)?(\d{1,4})\s*([a-z]?)\s*\/\s*(\d{1,4})\s*$/i.exec(text);
  if (!m) return null;
  let [a, suffix, b] = [Number(m[1]), m[2]!.toLowerCase(), Number(m[3])];
  const aIsYear = m[1]!.length === 4;
  const bIsYear = m[3]!.length === 4;
  if (aIsYear && !bIsYear) [a, b] = [b, a];
  const year = b < 100 ? 2000 + b : b;
  if (a < 1 || year < 1900) return null;
  return { sequence: a, suffix, year };
}

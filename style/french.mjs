// The characters French text uses, for the fonts' subset (fonts.mjs) and
// their @font-face unicode-range (subset.mjs): Basic Latin, Latin-1 (every
// French letter but the œ ligature and Ÿ), and French typography (thin
// spaces, quotes, dashes, ellipsis, euro).
const RANGES = [
  [0x20, 0x7e], [0xa0, 0xff], [0x152, 0x153], [0x178, 0x178], [0x2009, 0x2009],
  [0x202f, 0x202f], [0x2010, 0x2011], [0x2013, 0x2014], [0x2018, 0x201a],
  [0x201c, 0x201e], [0x2022, 0x2022], [0x2026, 0x2026], [0x2039, 0x203a],
  [0x20ac, 0x20ac], [0x2116, 0x2116], [0x2122, 0x2122],
];

export const FRENCH_TEXT = RANGES.flatMap(([from, to]) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
).join('');

const hex = (n) => n.toString(16).toUpperCase();
export const FRENCH_RANGE = RANGES.map(([from, to]) => (from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`)).join(',');

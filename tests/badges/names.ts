// The names of issue 4 every image is tried with: Latin with accents, Vietnamese, Greek, Cyrillic, Arabic, Hebrew,
// Devanagari, Chinese, Japanese, Korean, and a long compound name.
export const NAMES = [
  'Zoë',
  'Łukasz',
  'Ngọc Anh',
  'Σοφία',
  'Анастасия',
  'محمد',
  'יעל',
  'अनन्या',
  '王小明',
  'さくら',
  '민준',
  'Marie-Ève Tremblay-Côté de la Montagne',
];

/** Name pools for the demo organization: [display, ASCII for usernames and emails]. */
type NamePart = readonly [string, string];

export interface Locale {
  weight: number;
  first: readonly [NamePart, ...NamePart[]];
  last: readonly [NamePart, ...NamePart[]];
  /** Family name first, no space (Chinese, Japanese, Korean). */
  familyFirst?: boolean;
}

const p = (display: string, ascii = display.toLowerCase()): NamePart => [display, ascii];

export const LOCALES: readonly Locale[] = [
  {
    weight: 30,
    first: [
      p('James'),
      p('Olivia'),
      p('Liam'),
      p('Emma'),
      p('Noah'),
      p('Ava'),
      p('Ethan'),
      p('Mia'),
      p('Grace'),
    ],
    last: [
      p('Smith'),
      p('Johnson'),
      p('Brown'),
      p('Taylor'),
      p('Wilson'),
      p('Clarke'),
      p('Walker'),
      p('Hall'),
    ],
  },
  {
    weight: 14,
    first: [p('José', 'jose'), p('Lucía', 'lucia'), p('Sofía', 'sofia'), p('Mateo'), p('Martín', 'martin')],
    last: [p('Núñez', 'nunez'), p('García', 'garcia'), p('Fernández', 'fernandez'), p('López', 'lopez')],
  },
  {
    weight: 12,
    first: [
      p('Zoë', 'zoe'),
      p('Jürgen', 'jurgen'),
      p('Björn', 'bjorn'),
      p('Åsa', 'asa'),
      p('Lena'),
      p('Jonas'),
    ],
    last: [
      p('Ångström', 'angstrom'),
      p('Müller', 'muller'),
      p('Schröder', 'schroder'),
      p('Nyström', 'nystrom'),
    ],
  },
  {
    weight: 10,
    first: [
      p('Amélie', 'amelie'),
      p('Léa', 'lea'),
      p('François', 'francois'),
      p('Jérôme', 'jerome'),
      p('Théo', 'theo'),
    ],
    last: [p('Lefèvre', 'lefevre'), p('Dubois'), p('Moreau'), p('Bérubé', 'berube'), p('Rousseau')],
  },
  {
    weight: 12,
    first: [p('Aarav'), p('Priya'), p('Ananya'), p('Rohan'), p('Vikram'), p('Diya'), p('Arjun'), p('Isha')],
    last: [p('Sharma'), p('Patel'), p('Iyer'), p('Reddy'), p('Gupta'), p('Nair')],
  },
  {
    weight: 8,
    familyFirst: true,
    first: [
      p('雷', 'lei'),
      p('梅梅', 'meimei'),
      p('芳', 'fang'),
      p('伟', 'wei'),
      p('静', 'jing'),
      p('娜', 'na'),
    ],
    last: [p('李', 'li'), p('韩', 'han'), p('王', 'wang'), p('张', 'zhang'), p('刘', 'liu'), p('陈', 'chen')],
  },
  {
    weight: 5,
    familyFirst: true,
    first: [p('翔太', 'shota'), p('結衣', 'yui'), p('大輝', 'daiki'), p('美咲', 'misaki'), p('陽菜', 'hina')],
    last: [p('佐藤', 'sato'), p('鈴木', 'suzuki'), p('高橋', 'takahashi'), p('田中', 'tanaka')],
  },
  {
    weight: 5,
    first: [p('Дмитрий', 'dmitry'), p('Сергей', 'sergey'), p('Иван', 'ivan'), p('Алексей', 'alexey')],
    last: [p('Кузнецов', 'kuznetsov'), p('Попов', 'popov'), p('Соколов', 'sokolov'), p('Волков', 'volkov')],
  },
  {
    weight: 4,
    familyFirst: true,
    first: [p('민준', 'minjun'), p('서연', 'seoyeon'), p('지호', 'jiho')],
    last: [p('김', 'kim'), p('이', 'lee'), p('박', 'park')],
  },
];

/** The first members are always these, so screenshots and tests show names in several scripts. */
export const FEATURED: readonly { first: NamePart; last: NamePart; familyFirst?: boolean }[] = [
  { first: p('Zoë', 'zoe'), last: p('Ångström', 'angstrom') },
  { first: p('雷', 'lei'), last: p('李', 'li'), familyFirst: true },
  { first: p('José', 'jose'), last: p('Núñez', 'nunez') },
];

export const TEAMS = ['platform', 'backend', 'frontend', 'data', 'security', 'mobile'] as const;
export const TEAM_WEIGHTS = [12, 30, 25, 15, 6, 12] as const;

// An event's name in runs that may break and quoted runs that must not: "2026年“数据要素×”大赛广东分赛" never breaks
// inside “数据要素×”, on the projector's welcome nor in the phone's header.

/** One run of a name: `keep` runs (a quoted brand, with its quotes) are laid out on one line. */
export interface NameRun {
  text: string;
  keep: boolean;
}

const QUOTED = /([“「『"][^”」』"]{1,40}[”」』"])/u;

/** Splits a name into runs, the quoted parts kept whole. */
export function nameRuns(name: string): NameRun[] {
  return name.split(QUOTED).filter(Boolean).map((text) => ({ text, keep: QUOTED.test(text) && text.length > 2 }));
}

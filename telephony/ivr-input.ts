import type { MenuChoice } from "~/domain/telephony/call-log";

const DIGIT_CHOICES: Record<string, MenuChoice> = { "1": "complaint", "2": "consultation", "3": "progress", "0": "operator" };

/** Spoken words that mean a menu choice (speech recognition returns free text). */
const SPOKEN_CHOICES: [RegExp, MenuChoice][] = [
  [/人工|话务员|客服|接线员/, "operator"],
  [/进度|查询|办件|工单/, "progress"],
  [/咨询|请问|问一下|了解/, "consultation"],
  [/投诉|求助|反映|举报|帮助/, "complaint"],
];

/** The caller's choice from a keypress or a speech result; null when neither means anything. */
export function menuChoiceFrom(digits: string | undefined, speech: string | undefined): MenuChoice | null {
  const key = digits?.trim().slice(0, 1);
  if (key && DIGIT_CHOICES[key]) return DIGIT_CHOICES[key];
  const said = speech?.trim() ?? "";
  for (const [pattern, choice] of SPOKEN_CHOICES) if (pattern.test(said)) return choice;
  return null;
}

/** Digits read one by one ("2 0 2 6 …"), as a caller writes a ticket number down. */
export function spellDigits(value: string): string {
  return [...value].join(" ");
}

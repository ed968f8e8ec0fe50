/**
 * Answer types: what kind of answer a question asks for, and what kind an article gives. A
 * question ending in 吗 wants a yes or no, 多少 wants a number, 哪些 a list, 流程 steps, 电话 a
 * number to call. Articles get a bit per trait at index time (search_traits); a search gives a
 * small bonus to candidates whose traits match what the question asks for. The patterns are
 * general Chinese question forms, not tuned to any question set.
 */
export const ANSWER_TRAITS = [
  {
    bit: 1,
    name: "yes_no",
    question: /(吗|么|嘛)\s*[？?。]?\s*$|是否|能否|可否|可不可以|能不能|是不是|有没有|需不需要|要不要|会不会/,
    answer: /^(您好[，,！!。]?\s*)?(可以|不可以|能|不能|是的|是|不是|否|需要|不需要|没有|有|不用|无需|不必|应当|必须|会|不会|属于|不属于|不予|允许|不允许|暂不|不)/,
  },
  { bit: 2, name: "quantity", question: /多少|几[个天年月次种岁名人]|多长|多久|多大|多高|比例|金额|标准是/, answer: /\d/ },
  { bit: 4, name: "date", question: /什么时候|何时|哪年|哪一年|哪天|几月|日期/, answer: /\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日/ },
  {
    bit: 8,
    name: "list",
    question: /哪些|包括|包含|有什么|条件|材料|内容|范围|要求/,
    answer: /[（(][一二三四五六七八九十\d]{1,2}[）)]|\d{1,2}[、.．]|[①②③④⑤]|；/,
  },
  {
    bit: 16,
    name: "steps",
    question: /流程|步骤|程序|如何办理|怎么办理|怎样办理|如何申请|怎么申请/,
    answer: /第[一二三四五1-9]步|流程|步骤|[（(][一二1-9][）)]|\d[、.．]/,
  },
  { bit: 32, name: "phone", question: /电话|热线|联系方式|咨询方式/, answer: /\d{5,}|\d{3,4}-\d{7,8}/ },
  { bit: 64, name: "definition", question: /什么是|是什么|指什么|含义|定义|何谓|什么叫|是指/, answer: /是指|指的是|又称|称为|是/ },
] as const;

/** The traits an article's text has, as a bit mask. */
export function answerTraits(text: string): number {
  const t = text.trim();
  return ANSWER_TRAITS.reduce((mask, trait) => (trait.answer.test(t) ? mask | trait.bit : mask), 0);
}

/** The traits a question asks for. */
export function wantedTraits(question: string): number[] {
  const q = question.trim();
  return ANSWER_TRAITS.filter((trait) => trait.question.test(q)).map((trait) => trait.bit);
}

import type { ArticleStatus, ArticleType, ArticleVisibility } from "~/db/schema";
import { knowledgePagesZhCN } from "./zh-CN-knowledge-pages";

type Params = Record<string, string | number>;

/** Knowledge base (知识库): article vocabulary, search and error messages (zh-CN). */
export const knowledgeZhCN = {
  pages: knowledgePagesZhCN,
  types: {
    service_guide: "办事指南",
    policy_qa: "政策问答",
    faq: "常见问题",
    notice: "通知公告",
  } satisfies Record<ArticleType, string>,
  statuses: {
    draft: "草稿",
    in_review: "待审核",
    published: "已发布",
    archived: "已归档",
  } satisfies Record<ArticleStatus, string>,
  visibilities: {
    public: "公开",
    internal: "内部",
  } satisfies Record<ArticleVisibility, string>,
  transitions: {
    submit: "提交审核",
    publish: "发布",
    return: "退回修改",
    archive: "归档",
    restore: "恢复为草稿",
  },
  guide: {
    itemName: "事项名称",
    handlingDepartment: "办理部门",
    location: "办理地点",
    hours: "办理时间",
    phone: "咨询电话",
    legalLimitDays: "法定时限（工作日）",
    promisedLimitDays: "承诺时限（工作日）",
    materials: "申请材料",
    process: "办理流程",
    fees: "收费",
    basis: "设定依据",
  },
  search: {
    placeholder: "输入关键词，如：公积金提取",
    noResults: "没有找到相关内容，请换个说法试试。",
    resultCount: (total: number) => `共找到 ${total} 条`,
    reviewOverdue: "已过复核日期",
  },
  errorCodes: {
    article_not_found: "文章不存在。",
    article_type_invalid: "请选择文章类型。",
    article_title_invalid: "标题须为 2–120 字。",
    article_body_invalid: "正文不能为空，且不超过 10 万字。",
    article_visibility_invalid: "请选择公开范围。",
    article_status_invalid: "文章状态无效。",
    article_transition_not_allowed: "文章当前状态不允许此操作，可能已被他人处理，请刷新后重试。",
    limit_days_invalid: "时限须为 1–365 个工作日。",
    legal_limit_required: "填写承诺时限时须同时填写法定时限。",
    promised_limit_over_half: "承诺时限不能超过法定时限的一半。",
    guide_text_too_long: "办事指南字段内容过长。",
    guide_materials_too_many: "申请材料最多 100 项。",
    synonym_terms_required: "同义词组至少需要两个不同的词。",
    synonym_terms_too_many: "同义词组最多 20 个词。",
    synonym_term_too_long: "每个同义词不超过 30 字。",
    synonym_note_too_long: "备注不超过 200 字。",
    synonym_group_not_found: "同义词组不存在。",
  } satisfies Record<string, string | ((p: Params) => string)>,
};

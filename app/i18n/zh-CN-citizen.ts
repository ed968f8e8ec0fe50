import type { RequestType } from "~/db/schema";

type Params = Record<string, string | number>;

/** Wait time for a 429, in words. */
function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} 秒`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} 分钟`;
  return `${Math.ceil(seconds / 3600)} 小时`;
}

/** Citizen pages (网上诉求、办件查询), attachments and the Open311 API (zh-CN). */
export const citizenZhCN = {
  layout: {
    hotlineName: "12345 政务服务便民热线",
    tagline: "一号对外 · 7×24 小时受理 · 网上诉求与办件查询",
    nav: { report: "我要反映", status: "办件查询", staff: "工作人员登录" },
    navLabel: "市民服务",
    footer: "紧急情况请拨打 110、119、120、122。本网站受理的诉求与 12345 电话同等办理。",
  },
  report: {
    title: "我要反映",
    intro: "请如实填写诉求。我们会在受理后按职责转交承办单位办理，并在规定时限内答复。",
    requestType: "诉求类型",
    /** The order the form offers them in. */
    requestTypeOrder: ["complaint", "help", "consultation", "suggestion", "report", "praise"] as const satisfies readonly RequestType[],
    category: "诉求分类",
    categoryUnsure: "不确定（由工作人员分类）",
    titleLabel: "标题",
    untitled: "网上诉求",
    titleHint: "一句话概括，例如“小区夜间施工噪音”；不填则取诉求内容的开头。",
    description: "诉求内容",
    descriptionHint: "请写明时间、地点、经过和您的诉求（5–5000 字）。",
    address: "事发地址",
    name: "姓名",
    phone: "联系电话",
    phoneHint: "用于回访和短信告知办理结果；工作人员看到的号码会打码显示。",
    anonymous: "匿名反映（不留姓名和电话，将无法回访）",
    reportNote: "举报件自动按保密件办理，被举报单位看不到您的身份。",
    files: "附件（可选）",
    filesHint: (maxFiles: number, maxMb: number) => `最多 ${maxFiles} 个，每个不超过 ${maxMb} MB，支持 JPG、PNG、WebP 图片和 PDF。`,
    honeypot: "请勿填写此项",
    submit: "提交诉求",
    receiptTitle: "您的诉求已受理",
    receiptIntro: "请记下办件编号和查询码，凭它们可随时查询办理进度。",
    number: "办件编号",
    queryCode: "查询码",
    keepCode: "查询码只显示这一次，请妥善保存，不要告诉他人。",
    checkStatus: "查询办理进度",
    another: "再反映一件",
    attachmentsSaved: (n: number) => `已上传 ${n} 个附件。`,
    attachmentFailed: (name: string, reason: string) => `附件“${name}”未能保存：${reason} 诉求本身已受理，您可在电话回访时说明。`,
    spam: "提交未通过校验，请刷新页面后重新填写。",
    tooManyFiles: (max: number) => `附件最多 ${max} 个。`,
  },
  status: {
    title: "办件查询",
    intro: "输入办件编号和查询码，查看办理进度和答复。",
    number: "办件编号",
    queryCode: "查询码",
    submit: "查询",
    missing: "请同时填写办件编号和查询码。",
    notFound: "未找到该办件，或查询码不正确。请核对后重试，也可拨打 12345 查询。",
    requestType: "诉求类型",
    state: "当前状态",
    createdAt: "受理时间",
    timeline: "办理进度",
    reply: "答复内容",
    repliedAt: "答复时间",
    closingNote: "办结说明",
    noReply: "承办单位尚未答复，请耐心等待。",
    reportAnother: "我要反映新的诉求",
  },
  attachments: {
    uploaded: "附件已上传。",
    upload: "上传附件",
    backToTicket: "返回工单",
    uploadFailedTitle: "附件上传失败",
    fileRequired: "请选择要上传的文件。",
    tooLarge: (maxMb: number) => `文件超过 ${maxMb} MB，请压缩后再上传。`,
    requestTooLarge: "上传的内容过大，请减少附件数量或压缩后再试。",
    notMultipart: "请通过页面上的表单上传文件（multipart/form-data）。",
    storageUnavailable: "附件存储暂不可用，文件未保存，工单未受影响。请稍后重试；如持续出现，请联系系统管理员。",
  },
  rateLimited: (seconds: number) => `操作过于频繁，请 ${waitText(seconds)}后再试。如有紧急情况请直接拨打 12345。`,
  /** Words for the domain error codes of attachments. */
  errors: {
    attachment_empty: (p: Params) => `文件“${p.name}”是空的。`,
    attachment_too_large: (p: Params) => `文件“${p.name}”超过 ${p.maxMb} MB，请压缩后再上传。`,
    attachment_type_not_allowed: (p: Params) => `文件“${p.name}”的格式不支持，只能上传 JPG、PNG、WebP 图片或 PDF 文件。`,
    attachment_type_mismatch: (p: Params) => `文件“${p.name}”的内容与其声明的类型不符，已拒绝。`,
    attachment_limit_reached: (p: Params) => `每件诉求最多上传 ${p.max} 个附件。`,
    attachment_not_found: "附件不存在，或您无权查看。",
  } satisfies Record<string, string | ((p: Params) => string)>,
  /** Open311 GeoReport v2 error descriptions (machine clients: Chinese and English). */
  open311: {
    onlyJson: "本接口只支持 JSON 格式（请使用 .json 结尾的地址）。Only the JSON format is supported: use a URL ending in .json.",
    notFound: "没有这个地址。Not found.",
    untitled: "开放接口诉求",
    methodNotAllowed: "此地址只支持 GET 和 POST。Only GET and POST are allowed here.",
    apiKeyInvalid: "缺少 api_key 或 api_key 无效，无法创建诉求。Invalid or missing api_key -- can't proceed with create_request.",
    serviceCodeRequired: "缺少 service_code。service_code is required.",
    serviceCodeUnknown: (code: string) => `未知的 service_code：${code}。Unknown service_code: ${code}.`,
    locationRequired: "须提供位置：lat/long、address_string 或 address_id 之一。A location is required: lat/long, address_string or address_id.",
    coordinatesInvalid: "lat/long 须为有效的 WGS-84 经纬度，且须同时提供。lat and long must both be valid WGS-84 coordinates.",
    requestNotFound: (id: string) => `未找到诉求 ${id}。Service request ${id} not found.`,
    badDate: (name: string) => `${name} 须为 ISO 8601 日期时间，例如 2026-03-02T09:00:00+08:00。${name} must be an ISO 8601 date-time.`,
    dateSpan: "start_date 与 end_date 的间隔不能超过 90 天。The date range may not span more than 90 days.",
    badStatus: "status 只能是 open 或 closed（可用逗号分隔）。status must be open or closed (comma separated).",
    tooManyIds: (max: number) => `service_request_id 一次最多 ${max} 个。At most ${max} service_request_id values at once.`,
    bodyNotForm: "请求体须为 application/x-www-form-urlencoded。The body must be application/x-www-form-urlencoded.",
    rateLimited: (seconds: number) => `请求过于频繁，请 ${waitText(seconds)}后再试。Too many requests; retry after ${seconds} s.`,
    serverError: "服务器内部错误，请稍后重试。Internal server error.",
    serviceNotice: (number: string, queryCode: string) =>
      `诉求已受理，办件编号 ${number}，查询码 ${queryCode}。将按职责转交承办单位办理，市民可凭编号和查询码在“办件查询”页面查看进度。`,
  },
};

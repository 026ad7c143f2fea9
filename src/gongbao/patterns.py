"""Every regular expression about the language of Chinese official documents, in one place.

Built from small named pieces, each with sample strings from real gazettes. Patterns apply to text
whose whitespace inside numbers and labels has already been closed up by the layout stage unless
they say otherwise.
"""

from __future__ import annotations

import re
from typing import Any


class _Deferred:
    """A pattern compiled when first used, not when this module is imported: a command that needs
    two of these patterns does not compile all of them (0.1 s of its start-up). On first use the
    compiled pattern takes its place under the module-level name, so `P.NAME` is then a plain
    re.Pattern; `.pattern` is the source, without compiling."""

    __slots__ = ("pattern", "_flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self._flags)
            module = globals()
            for key in [k for k, v in module.items() if v is self]:
                module[key] = self._compiled
        return getattr(self._compiled, name)


def _deferred(pattern: str, flags: int = 0) -> Any:
    return _Deferred(pattern, flags)


def compiled(pattern: Any) -> re.Pattern[str]:
    """The compiled pattern, now: for a table of patterns built at import time, which would
    otherwise keep the deferred wrapper (an extra call on every use)."""
    if isinstance(pattern, _Deferred):
        pattern.search("")
        return pattern._compiled  # type: ignore[return-value]
    return pattern


def compile_all() -> None:
    """Compile every pattern now (a server before its first request, a benchmark before timing)."""
    for value in list(globals().values()):
        if isinstance(value, _Deferred):
            value.search("")


# --- Pieces -------------------------------------------------------------------------------------

CJK = r"\u4e00-\u9fff"
# Opening / closing brackets that printers use around the year of a document number:
# 〔2021〕 (GB/T 9704), ﹝2021﹞, [2021], 【2021】, （2021）, (2021), 〈2021〉.
YEAR_OPEN = r"[〔﹝\[【（(〈［]"
YEAR_CLOSE = r"[〕﹞\]】）)〉］]"

# 文种 (GB/T 9704 / 党政机关公文处理工作条例 §8), longest first where one ends another.
DOC_TYPES = (
    "通知", "批复", "函", "通报", "意见", "决定", "公告", "通告", "报告", "请示", "纪要", "命令",
    "议案", "决议", "公报",
)
# An order is titled by its issuer and 令 alone: 吕梁市人民政府令 (文种 命令).
ORDER_SUFFIX = "令"
DOC_TYPE_ALT = "|".join(sorted((*DOC_TYPES, ORDER_SUFFIX), key=len, reverse=True))

# An organisation-code prefix of a document number: 吕政发, 吕政办发, 吕政办函, 晋政发, 国办发, 吕政任.
DOC_PREFIX = rf"[{CJK}]{{1,10}}"

# --- Document numbers (发文字号) -----------------------------------------------------------------

# 吕政发〔2021〕6号 · 吕政办发〔2021〕39 号 · 吕政办发﹝2021﹞39号 · 晋政发[2024]10号
# Whitespace may stand anywhere inside (PDF dumps pad numbers with spaces).
DOC_NUMBER = _deferred(
    rf"""
    (?P<prefix>{DOC_PREFIX})
    \s*{YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{YEAR_CLOSE}\s*
    (?P<seq>\d{{1,5}})\s*号
    """,
    re.VERBOSE,
)

# A line that is nothing but a document number: the 发文字号 line of a document's head.
# The 文号 line; a 上行文 prints its 签发人 beside it (宣政文〔2023〕12号   签发人：覃建平).
DOC_NUMBER_LINE = _deferred(
    rf"^\s*(?:[（(]\s*)?{DOC_NUMBER.pattern}\s*(?:[）)]\s*)?(?:签\s*发\s*人\s*[:：]\s*[{CJK}　 ]{{2,12}})?$", re.VERBOSE
)

# A title with its 发文字号 appended, as article pages print it:
# …印发《关于…的若干措施》的通知(衡办发〔2021〕9号) · …的通知（京政办发〔2022〕17号）
TITLE_WITH_NUMBER = _deferred(
    rf"^\s*(?P<title>.{{6,150}}?(?:{DOC_TYPE_ALT}))\s*[（(]\s*(?P<number>{DOC_NUMBER.pattern})\s*[）)]\s*$", re.VERBOSE
)
# An order's head with its number in brackets: 深圳市人民政府令（第358号）
ORDER_TITLE_NUMBER = _deferred(r"^\s*(?P<title>[\u4e00-\u9fff]{2,30}令)\s*[（(]\s*(?P<number>第\s*[0-9一二三四五六七八九十百〇零]+\s*号)\s*[）)]\s*$")
# The verbs after an issuer that make a title without 关于: X印发《Y》的通知 · X转发… · X批转…
TITLE_VERB = _deferred(r"关于|印发|转发|批转")
# An order's text names the rules it publishes: 《营口市城市绿化管理办法》已经…通过，现予公布
ORDER_PUBLISHES = _deferred(r"《(?P<title>[^《》]{4,60})》[^《》。]{0,80}?(?:通过|决定|同意)[，,]?\s*(?:现予|予以|现)(?:公布|发布)")
# Where a second issuer's name starts inside a joint issuer (中共X市委办公室 X市人民政府办公室)
ISSUER_START = _deferred(rf"^(?:中共|中国共产党)?[{CJK}]{{2,7}}?(?:省|市|县|区|自治区|自治州|盟|旗)")

# 第3号 / 〔2021〕第3号 style numbers of 令 and 公告 (吕梁市人民政府令 第12号).
ORDINAL_NUMBER_LINE = _deferred(
    rf"^\s*(?:[{CJK}]{{0,14}}令\s*)?(?:{YEAR_OPEN}\s*\d{{4}}\s*{YEAR_CLOSE})?\s*第\s*[0-9一二三四五六七八九十百〇零]+\s*号\s*$"
)

# --- Dates --------------------------------------------------------------------------------------

# 2021 年 7 月 6 日 · 2021年7月12日 · 2021.7.6 is not used for 成文日期.
DATE = _deferred(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
CN_DIGITS = "〇零一二三四五六七八九十○OＯ０"  # ○ O Ｏ ０ print 〇 in 二OO三年
# 二〇二一年七月六日 (older documents print 成文日期 in Chinese numerals).
CN_DATE = _deferred(
    rf"(?P<y>[{CN_DIGITS}]{{4}})\s*年\s*(?P<m>[{CN_DIGITS}]{{1,2}})\s*月\s*(?P<d>[{CN_DIGITS}]{{1,3}})\s*日"
)
_DATE_BARE = r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_CN_DATE_BARE = rf"[{CN_DIGITS}]{{4}}\s*年\s*[{CN_DIGITS}]{{1,2}}\s*月\s*[{CN_DIGITS}]{{1,3}}\s*日"
# A line holding only a date: the 成文日期 under the signature.
# A site may print the date under the signature as 2023-05-06.
_ISO_DATE_BARE = r"(?:19|20)\d\d-\d{1,2}-\d{1,2}"
ISO_DATE = _deferred(r"(?P<y>(?:19|20)\d\d)-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
DATE_LINE = _deferred(rf"^\s*(?:{_DATE_BARE}|{_CN_DATE_BARE}|{_ISO_DATE_BARE})\s*$")
# Signature and date on one line: 吕梁市人民政府 2021年7月12日
SIGNED_DATE_LINE = _deferred(rf"^\s*(?P<org>[{CJK}（）()、]{{2,40}}?)\s*(?P<date>{_DATE_BARE}|{_CN_DATE_BARE})\s*$")

# --- Head and foot elements ---------------------------------------------------------------------

# （此件公开发布） (此件公开发布) — the 附注 that says a document is published; also its siblings.
# The same note as a site prints it in the page: 公开方式：主动公开
DISCLOSURE_FIELD = _deferred(r"^\s*公开(?:方式|属性|类型|选项)\s*[:：]\s*(?P<what>主动公开|依申请公开|不予公开|不公开)\s*$")
# 20240912 under a signature: a 成文日期 printed as digits only
COMPACT_DATE_LINE = _deferred(r"^\s*(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\s*$")
DISCLOSURE = _deferred(r"^\s*[（(]\s*此件\s*(?P<what>[^）)]{2,12}?)\s*[）)]\s*$")
# （此件公开发布） / （此件主动公开） publish; （此件依申请公开） / （此件不予公开） do not.
NOT_PUBLIC_NOTES = ("不予公开", "不公开", "依申请公开", "非公开")

# 主送机关 line: ends with a full- or half-width colon. 各县（市、区）人民政府，市直有关单位：
RECIPIENT_END = _deferred(r"[:：]\s*$")

# 附件：1.市政府决定相应取消的行政审批事项目录 · 附件：吕梁市…目录（8项） · 附件 1
ATTACHMENT_LIST = _deferred(r"^\s*附\s*件\s*[:：]\s*(?P<rest>.*)$")
ATTACHMENT_ITEM = _deferred(r"^\s*(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
# 附件 1 · 附件2 · 附件 (a line of its own: the attachment's body follows)
ATTACHMENT_HEAD = _deferred(r"^\s*(?P<number>附\s*件\s*(?P<value>\d{1,2})?)\s*$")

# --- Consultation blocks (政策咨询) ---------------------------------------------------------------

# Labels printed above / beside the block or under its QR codes: 政 策 咨 询 · 咨 询 与 解 读 ·
# 政策解读 · 扫码咨询 · 扫码阅读.
CONSULT_LABEL = _deferred(r"^\s*(?:政策咨询|咨询与解读|政策解读|扫码咨询|扫码阅读|扫码解读|咨询)\s*$")
# 咨询单位：吕梁市金融工作办公室 · 咨询单位: 吕梁市司法局 · 咨询单位 (table form, values below)
CONSULT_UNIT = _deferred(r"^\s*咨询单位\s*[:：]?\s*(?P<unit>.*?)\s*$")
# 咨询电话：8234038 · 咨询电话：8229793 8229791 · 咨询电话：8237537 政策解读
CONSULT_PHONE = _deferred(r"^\s*咨询电话\s*[:：]?\s*(?P<phones>.*?)\s*$")
# 政策咨询：无锡市医疗保障局，联系电话：0510-85726613 — a box printed as one line
CONSULT_INLINE = _deferred(r"^\s*(?:政策咨询|咨询单位|政策解读咨询)\s*[:：]\s*(?P<unit>[^，,；;：:]{2,40})[，,；;\s]\s*(?:联系|咨询)?电话\s*[:：]\s*(?P<phones>.+?)\s*$")
PHONE = _deferred(r"(?:\(?0\d{2,3}\)?[-－]?)?\d{7,8}|1[3-9]\d{9}")

# --- Gazette issue (masthead, cover, running header) --------------------------------------------

GAZETTE_NAME = _deferred(rf"(?P<name>[{CJK}]{{2,12}}(?:人民政府|政府)公报)")
# 2022 年第 2 期（总第 17 期） · 2021 · 4 · 2024·3 · 总第12号
ISSUE_YEAR_NO = _deferred(r"(?P<y>(?:19|20)\d\d)\s*年\s*第\s*(?P<n>\d{1,3})\s*期")
ISSUE_DOT = _deferred(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[·•・.]\s*(?P<n>\d{1,2})(?!\d)")
ISSUE_TOTAL = _deferred(r"总\s*第\s*(?P<t>\d{1,4})\s*[期号]")

# --- Page furniture -----------------------------------------------------------------------------

# - 3 - · — 12 — · －5－ · 第 3 页
PAGE_NUMBER = _deferred(r"^\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|[·•・]\s*\d{1,4}\s*[·•・]|第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4})\s*$")
# A page number glued to the end of a line by the dump: （此件主动公开）—2—
PAGE_NUMBER_TAIL = _deferred(r"(?<=\S)\s*[-—–－─]+\s*\d{1,4}\s*[-—–－─]+\s*$")

# --- Web pages: what a site prints around a document (layout stage) ------------------------------
# Lines that are the site's, not the document's: breadcrumbs, the article's byline, font and colour
# switches, counters, print/close/share links, the footer. Each must be a whole short line.
WEB_FURNITURE = _deferred(
    r"""^\s*(?:
        (?:当前位置|您当前的位置|您的位置|您现在的位置|所在位置)\s*[:：]?.{0,80}$      # 当前位置：首页 > 政务公开
      | .{0,30}首页\s*[>＞»›/].{0,80}$                                                # 首页 > 地方法规 > 山西省
      | (?:[^>＞»›。，；\s]{1,20}\s+[>＞»›]{1,2}\s+)+[^>＞»›。，；\s]{1,20}\s*$             # 三亚市人民政府公报 > 2023年第2期
      | (?:来源|信息来源|发布机构|作者)\s*[:：].{0,60}(?:日期|时间|发布时间)\s*[:：].*$   # 来源：… 日期：… 字号：【大 中 小】
      | .{0,60}字号\s*[:：]?\s*[【\[]?\s*大\s*[\]】]?\s*[【\[]?\s*中.{0,20}$
      | [【\[]?\s*(?:字体|字号)\s*[:：]?\s*[【\[]?\s*大\s*中\s*小.*$
      | 视力保护色.{0,40}$ | (?:浏览量|浏览次数|阅读量|阅读次数|点击数|点击量|访问量)\s*[:：]?\s*\d*\s*(?:次)?$
      | (?:[【\[]\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|保存|纠错|下载|打印正文)\s*[】\]]\s*)+$
      | (?:[【\[]\s*[^】\]\s]{2,6}\s*[】\]]\s*){3,}$                                   # 【发表评论】【加入收藏】【告诉好友】
      | (?:来源|信息来源|稿件来源)\s*[:：]\s*\S{2,30}\s*$
      | (?:打印本页|关闭窗口|返回顶部|打印|关闭|收藏本页|加入收藏)(?:\s+(?:打印本页|关闭窗口|返回顶部|打印|关闭|收藏本页|加入收藏))*\s*$
      | (?:文章正文|正文|内容|附件下载)\s*[:：]?\s*$
      | 大\s*中\s*小\s*[】\]]?\s*$
      | 点击(?:上方)?蓝字.{0,20}$ | 原创\s+.{0,40}(?:19|20)\d\d年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}.{0,12}$    # a WeChat article's header
      | (?:(?:第\s*\d{1,3}\s*页|上一页|下一页|首页|尾页|末页|共\s*\d{1,3}\s*页)\s*){2,}$               # 第1页 第2页 下一页
      | [【\[]?\s*(?:字体|字号)\s*[:：]?\s*$                                     # 【字体： (its links lost)
      | (?:返回|分享|A\+\s*A-|A\+|A-|首页|返回顶部|打印|收藏)(?:\s*[|｜/　 ]\s*(?:返回|分享|A\+\s*A-|A\+|A-|首页|返回顶部|打印|收藏))*\s*$
      | (?:相关解读|政策解读|图文解读)\s*[:：].{1,80}$
      | 分享到\s*[:：]?.{0,40}$ | (?:微信|微博|QQ空间|QQ好友|QQ|朋友圈|今日头条|复制链接|二维码|分享|收藏|点赞|在看)(?:\s+(?:微信|微博|QQ空间|QQ好友|QQ|朋友圈|今日头条|复制链接|二维码|分享|收藏|点赞|在看))*\s*$ | 扫一扫.{0,30}$ | 【?\s*法宝引证码\s*】?.{0,40}$ | 下载地址\s*[:：].{0,30}$ | 点击此处下载\s*$
      | (?:相关链接|相关文章|相关文件|相关附件|相关稿件|相关阅读|相关新闻|相关类别|相关词条|上一篇|下一篇)\s*[:：]?.{0,60}$
      | [-—_=＿─━]{3,}\s*$                                                          # a rule under the article
      | .{2,40}(?:主办|承办)(?:[\s　]+.{2,40}(?:主办|承办|协办))*\s*$                   # X办公厅主办  X中心承办
      | .{0,40}(?:ICP备|公网安备|网站标识码|版权所有|Copyright|©|技术支持\s*[:：]|网站地图|联系我们|建议使用).{0,80}$
    )""",
    re.VERBOSE,
)
# A byline: two or more of these labels on one short line (作者:… 时间:… 浏览:… 来源:…).
WEB_BYLINE_LABEL = _deferred(
    r"(?:信息来源|来源|发布时间|发布日期|更新时间|时间|日期|作者|审核|校对|(?:浏览|点击|阅读|访问)(?:次数|量|数)?|字号|字体|视力保护色|发布机构|发布单位|责任编辑|编辑)\s*[:：]"
)
# The metadata box of a government site's article page: 索引号：… 发文字号：… 成文日期：…, or
# a label alone on its line with its value on the next. Kept as the page's metadata.
WEB_META_LABEL = _deferred(
    r"^\s*(?:[-•·*]\s*)?[【\[]?\s*(?P<label>索\s*引\s*号|索\s*取\s*号|信息名称|产生日期|关\s*键\s*词|内容概述|分\s*类|主题分类|主题词|体裁分类|组配分类|发文机关|发文单位|发文机构|发布机构|发布部门|成文日期|发文日期|发布日期|生成日期|发文字号|文件编号|文\s*号|文件有效性|有效性|时效性|效力级别|实施日期|公文种类|公开方式|公开范围|标\s*题|名\s*称|信息分类)\s*[】\]]?\s*[:：]?\s*(?P<value>.{0,60}?)\s*$"
)

# Back-cover colophon lines: 主办单位：… · 地 址：… · 邮 编：033000 · 传达政令 公开信息 …
COLOPHON = _deferred(
    r"^\s*(?:主办单位|承办单位|主管主办|主管单位|主管|主办|编辑出版|编辑|出版|印刷|发行|地址|邮编|邮政编码|电话|传真|网址|邮箱|赠阅范围|刊号|国内统一刊号|准印证)\s*[:：]"
    r"|^\s*传达政令"
    r"|^\s*内部资料|^\s*[（(](?:双月刊|月刊|半月刊|季刊|旬刊)[）)]\s*$"  # the back cover of a gazette issue
    r"|^\s*本刊(?:声明|说明)|^\s*《[^》]{2,20}公报》(?:是|为|系)"
)

# --- Titles ---------------------------------------------------------------------------------------

TITLE_END = _deferred(rf"(?:{DOC_TYPE_ALT})$")
# An issuer: ends like an organ of state. 吕梁市人民政府 · 吕梁市人民政府办公室 · 吕梁市教育局
ISSUER_END = (
    "人民政府办公室", "人民政府办公厅", "人民政府", "办公室", "办公厅", "委员会", "政府", "局", "厅",
    "委", "办", "部", "院", "署", "会", "中心", "集团", "公司", "支队", "分局", "分行",
)

# What the title of an issued plan or measure ends with: 吕梁市2024年经营主体深化年行动方案.
PLAN_GENRE_END = _deferred(
    r"(?:方案|规划|纲要|计划|办法|细则|意见|措施|规定|条例|分解|要点|清单|预案|制度|机制|标准|指南|目录|名单|安排|规则)"
    r"(?:[（(][^）)]{1,20}[）)])*$"
)

# Lines that end a sentence: a title piece never ends like this.
SENTENCE_END = _deferred(r"[。；;！!？?：:]\s*$")

# 《吕梁市水环境质量巩固提升2021年行动计划》 — a title quoted in a notice's text.
QUOTED_TITLE = _deferred(r"《([^《》]{4,80})》")
# 关于印发X（和Y）的通知 — what an 印发 notice issues.
ISSUING_TITLE = _deferred(r"关于印发《?(?P<what>.+?)》?的(?:通知|函)$")
# How the name of a plan, rules or list ends (a half of X和Y must be one to be split off).
PLAN_NAME_END = _deferred(r"(?:计划|方案|规划|办法|细则|规定|意见|措施|要点|清单|纲要|预案|制度|规则|标准|安排)(?:（[^（）]*）)?$")

# Whitespace and markdown markers removed from strings compared to gold.
MARKUP = _deferred(r"</?b>|\*\*|^#+\s*|<br\s*/?>", re.MULTILINE)
WHITESPACE = _deferred(r"\s+")

# --- Tasks: responsibility clauses (extract stage) -----------------------------------------------

# Words that make a bracket at the end of a paragraph a responsibility clause.
TASK_CUE = r"牵头|负责|配合|责任单位|完成时限|前完成|底前|长期推进|持续推进"
# 2021年8月底前完成 · 2021 年 7 月底前 · 2021年8月前 · 2021年底前 · 2021年年底前 · 2024年5月10日前 ·
# 长期推进 / 持续推进 (no date)
TASK_DEADLINE = _deferred(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末))?|年?底|年内)\s*(?P<before>前|以前)?\s*(?:完成)?"
    r"|(?P<ongoing>长期推进|持续推进|长期坚持)"
)
# A deadline in a task's own text, when its clause has none: only a "before" form counts
# (2021年10月底前，所有涉水工业企业… · 2022年6月30日前完成); 到2025年 is a target's horizon.
TASK_TEXT_DEADLINE = _deferred(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末))?|年?底)\s*(?P<before>前|以前)"
)
# The same without a year (11月30日前 · 12月底前 · 年底前): the year of the document it stands in.
TASK_YEARLESS_DEADLINE = _deferred(
    r"(?<![\d年月])(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<end>底|末))?|(?<![\d])年底)\s*(?P<before>前|以前)"
)
# A task's responsibility clause: a bracket at a sentence boundary — ending the paragraph, or
# followed or preceded by 。；: several may close the sentences of one item
# (…追溯信息（市市场监管局负责）。指导各县…（市市场监管局牵头，市卫健委…按职责分工负责）。) and one may
# open the next sentence (…检验制度。（市发改委负责）督促…). Whether its words name a unit is
# decided in extract.tasks (a bare list like （市科技局） counts; （以下简称…） does not).
TASK_BRACKET = _deferred(r"[（(](?P<clause>[^（）()]*(?:[（(][^（）()]{1,8}[）)][^（）()]*)*)[）)]")
SENTENCE_STOP = "。；;"
# A clause printed as a paragraph of its own after its item, without brackets:
# 牵头单位：市城管局；配合单位：市交警支队。完成期限：2022年6月1日前。 · 责任单位：区商务局
TASK_LABEL_LINE = _deferred(
    r"^\s*(?:牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|责任部门|牵头部门|配合部门|牵头科室|责任科室|配合科室|责任处室|完成期限|完成时限|完成时间|时间节点)\s*[:：]"
)
# 牵头单位：… ；责任单位：… ；配合单位：…
TASK_ROLE = _deferred(r"(?P<role>牵头单位|责任单位|配合单位|协办单位|主办单位|参与单位|牵头部门|责任部门|配合部门|牵头科室|责任科室|配合科室|责任处室)\s*[:：]")
# Unit separators — and 和 between two names, 等 before a group (市财政局等市直相关部门).
UNIT_SEPARATOR = _deferred(
    r"[、，,；;]|(?<=[局委办府厅部院会心区县市])和(?=[市各省国县吕相有])|(?<=[局委办府厅部院会心])等(?=市直|各)"
)
# The words of a clause around the unit names.
TASK_CUE_WORDS = _deferred(
    r"(?:按照?|根据|依据)职责分工(?:分别)?(?:负责|牵头|配合)?|按照职责负责|分别负责|负责落实|具体负责|共同负责|负责|牵头|配合|参与|落实"
    r"|等(?:相关|有关|其他)?(?:职能)?(?:部门|单位)|等$|按照职责|按职责"
)
# Labels of a deadline inside a clause: 完成期限：2022年6月1日前 (and what follows it)
TASK_DEADLINE_LABEL = _deferred(r"[，,；;。]?\s*(?:完成期限|完成时限|完成时间|时间节点|时限)\s*[:：]")
TASK_DEADLINE_TAIL = _deferred(rf"{TASK_DEADLINE_LABEL.pattern}.*$")
TASK_CUE_RX = _deferred(TASK_CUE)
# Columns of a task table (序号 | 主要任务 | 牵头单位 | 配合单位 | 完成时限), best first.
TASK_TEXT_COLUMNS = (
    "治理任务", "主要任务", "工作任务", "具体任务", "重点任务", "任务内容", "工作内容", "任务", "重点达标措施",
    "具体措施", "工作措施", "主要措施", "措施", "重点工作", "建设内容", "主要内容", "项目名称", "内容",
)
TASK_UNIT_COLUMN = _deferred(r"(?P<role>牵头|配合|协办|主办|责任|参与)?(?:单位|部门|主体)")
TASK_DEADLINE_COLUMN = _deferred(r"完成时限|完成期限|完成时间|时间节点|时限|时间要求")
TASK_NUMBER_COLUMN = _deferred(r"^(?:序号|编号)$")
# A standing statement inside a clause: 以下均需各县市区人民政府落实，不再一一列出
TASK_STANDING = _deferred(r"以下均需(?P<units>.+?)落实[，,]?\s*不再一一列出")
# What a responsible unit's name ends with: 市工信局 · 各县市区人民政府 · 国网吕梁分公司 · 市工商联 ·
# 各省级工业类开发区 · 方山生态旅游示范区 · 人行吕梁分行 · 市中小企业服务中心 · 吕梁军分区
UNIT_END = _deferred(
    r"(?:局|委|办|厅|部|院|署|会|中心|政府|公司|集团|支队|大队|分行|支行|分局|开发区|示范区|园区|管委会|联|团|站|所|社|队|军分区|银行|机构|单位|部门|运营商|企业|办公室|机场|海关|办事处|乡镇|街道|处|科|股)$"
)


# --- Targets (extract stage) ----------------------------------------------------------------------

# 到2025年 · 到2025年底 · 到 2022 年年底 · 2024年底前 — the year a target is set for.
TARGET_ANCHOR = _deferred(r"(?:到|至)\s*(?P<y>20\d\d)\s*年\s*(?:年?底|末)?\s*(?:前)?[，,]?")
# 全社会煤炭消费总量控制在6211万吨以内 · 非化石能源消费比重达到12％ · 增长25%以上 · 净增54户
TARGET_CLAUSE = _deferred(
    r"(?P<verb>控制在|达到|达|提高到|提升到|提高至|提升至|降至|降低到|下降到|不低于|不超过|不高于|超过|突破|增长|增加到|增加|下降|减少|净增|新增|保持在|稳定在|低于)"
    r"\s*(?P<cmp_word>约)?\s*(?P<sym>[<>≤≥＜＞])?\s*(?P<value>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>[％%‰]|(?:万|亿|千|百)?(?:吨标准煤|千瓦时|平方公里|公里|千米|万元|亿元|元|吨|户|家|个|人|万人|亩|万亩|千升|辆|套|座|所|项|条|处|天|小时|倍|立方米|米|年|台|张|件|次|岁|分钟|千瓦|兆瓦))?"
    r"\s*(?P<qual>以内|以上|以下|左右)?"
)
# 由2021年的36户增加到44户 — the baseline a target starts from.
TARGET_BASELINE = _deferred(r"由\s*(?P<y>20\d\d)\s*年(?:底)?的\s*(?P<value>\d+(?:\.\d+)?\s*(?:万|亿)?[户个家人元吨亩%％]?)")


# --- Outline numbering (structure stage) ---------------------------------------------------------
# Each has `number` (the marker as printed) and `value` (the numeral inside it).

CN_NUMERAL = "一二三四五六七八九十百零〇两"
# 第三章 打造一流创新生态 · 第十九条 决策承办部门… · 第一节 发展回顾
OUTLINE_CHAPTER = _deferred(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*章)\s*")
OUTLINE_SECTION = _deferred(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*节)\s*")
OUTLINE_ARTICLE = _deferred(rf"^(?P<number>第\s*(?P<value>[{CN_NUMERAL}\d]{{1,4}})\s*条)\s*")
# 一、主要目标 (also 一. / 一．, as some converters print it)
OUTLINE_CN = _deferred(rf"^(?P<number>(?P<value>[{CN_NUMERAL}]{{1,3}})\s*[、.．])\s*")
# （一）重点领域设备更新行动 · (二) 狠抓能力建设
OUTLINE_PAREN_CN = _deferred(rf"^(?P<number>[（(]\s*(?P<value>[{CN_NUMERAL}]{{1,3}})\s*[）)])\s*")
# 1.工业设备绿色智能更新升级工程 · 1． · 1、 — not 1.5亿元 (a decimal)
OUTLINE_ARABIC = _deferred(r"^(?P<number>(?P<value>\d{1,3})\s*[.．、](?!\d))\s*")
# （1）设备现状摸排 · (12)
OUTLINE_PAREN_ARABIC = _deferred(r"^(?P<number>[（(]\s*(?P<value>\d{1,3})\s*[）)])\s*")
# Decimal section numbers of emergency plans and standards: 2 应急指挥体系 · 2.1 市指挥部 · 2.3.1 综合协调组
# (a bare number only as a short heading: 2021 年… and table rows are no sections).
OUTLINE_DECIMAL = _deferred(r"^(?P<number>(?P<value>\d{1,2})(?P<sub>(?:[.．]\d{1,2}){1,3})?)(?![.．]?\d)(?![年月日号个万亿元%％条项次户岁千百]|人(?!员|民)|\s*[年月日])\s*(?=[\u4e00-\u9fff“《])")
OUTLINE_CIRCLED = _deferred(r"^(?P<number>(?P<value>[①-⑳]))\s*")
# 专栏 1-2：“十四五”吕梁市转型出雏型主要指标 · 专栏:10-2: 文化产业重点项目
OUTLINE_BOX = _deferred(r"^(?P<number>专栏\s*[:：]?\s*(?P<value>\d{1,2}\s*[-－—–]\s*\d{1,2}|\d{1,2}))\s*[:：]?\s*")
OUTLINE_ATTACHMENT = ATTACHMENT_HEAD


# --- Citations ---------------------------------------------------------------------------------
# Documents a text cites: 《title》, 发文字号, or both (extract stage, gongbao.extract.citations).

# A document number as cited in running text — laxer than DOC_NUMBER: the year may carry 年
# (吕清洁取暖办发〔2021年〕6号) and the sequence 第 (职改字〔1986〕第111号); 号文 follows at times
# (自然资办函〔2022〕411号文). The prefix may start with the words before it (根据晋政办发〔2020〕86号):
# CITED_NUMBER_LEAD cuts them off.
CITED_NUMBER = _deferred(
    rf"(?P<prefix>{DOC_PREFIX})\s*{YEAR_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*年?\s*{YEAR_CLOSE}\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)
# Words that stand before a cited number but are no part of its prefix; the match ends at the last one.
CITED_NUMBER_LEAD = _deferred(
    r"^.*(?:根据|按照|依据|依照|参照|对照|遵照|贯彻|落实|执行|印发|转发|下发|详见|参见|和|及|与|或|的)"
)
# An order cited by its number, in the brackets after its title: （山西省人民政府令第284号） ·
# （国务院令412号） · （农业部令 第17号） · （2017年教育部、外交部、公安部令第42号）
CITED_ORDER_NUMBER = _deferred(
    rf"^\s*(?:(?:19|20)\d\d\s*年\s*)?(?P<issuer>[{CJK}、]{{1,30}}?令)\s*第?\s*(?P<seq>\d{{1,5}})\s*号"
)

# What the title of a cited document ends with (文种 and the genres of rules, plans and laws),
# before any bracketed qualifier: 《…实施方案（2021-2025年）》 · 《…办法（试行）》 · 《…规定》(2019年修订)
# is outside. Not 《吕梁英雄传》 (a drama), 《施工许可证》, 《战略框架协议》.
CITED_GENRES = (
    *DOC_TYPES, "办法", "规定", "方案", "规划", "纲要", "条例", "细则", "措施", "计划", "要点", "预案",
    "标准", "规范", "指南", "制度", "机制", "规则", "规程", "准则", "导则", "目录", "名录", "清单", "建议",
    "章程", "守则", "法典", "法",
)
_CITED_GENRE_ALT = "|".join(sorted(CITED_GENRES, key=len, reverse=True))
CITED_TITLE_END = _deferred(rf"(?:{_CITED_GENRE_ALT})(?:[（(][^（）()]{{1,20}}[）)])*$")
# A short reference, not a title: 《规划》 · 《纲要》 · 《决定》 · 《实施方案》 · 《办法》.
CITED_GENERIC_TITLE = _deferred(
    rf"^(?:实施|行动|工作|专项|总体|管理|暂行|若干|指导|补充|发展)*(?:{_CITED_GENRE_ALT})$"
)
# An alias defined in brackets: （以下简称《规划》） · （晋政发〔2024〕6号，以下简称《决定》）
CITED_ALIAS = _deferred(r"(?:以下)?简称\s*$")

# The issuer of the cited document printed before its title: 省政府办公厅《关于…》 · 市委、市政府《…》 ·
# 生态环境部、财政部《…》 · 山西省人民政府印发的《…》. CITED_ISSUER_LEAD cuts off the words before it.
CITED_ISSUER = _deferred(
    rf"^(?P<issuer>[{CJK}、]{{1,30}}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公厅|政府办公室|政府|办公厅|办公室"
    rf"|国务院|中央|委员会|常委会|领导小组|局|厅|部|委|署|院|办|中心|总队|支队))(?:印发|发布|出台|下发|制定)?的?$"
)
CITED_ISSUER_LEAD = _deferred(
    r"^.*(?:根据|按照|依据|依照|参照|对照|遵照|贯彻落实|贯彻|落实|执行|实施|纳入|领会|学习|宣传|推进|推广|转发"
    r"|编制|修订|修改|认真|严格|全面|深入|以及|和|及|与|或|为|由|对|是|在|将|把|即)"
)

# Relation cues, looked for in the clause (between ，；。：) that holds the citation, outside brackets,
# titles and quotations.
# answers: 你局《关于…的请示》(吕城请〔2022〕31号)已收悉 · 来文收悉
CITE_ANSWERS = _deferred(r"收悉")
# A title about to be written, not a document cited: 编制出台《…标准》 · 研究制定《…办法》
CITE_TO_DRAFT = _deferred(r"(?:编制|制定|出台|起草|拟订|拟定|修编|编写|研究制定|抓紧制定)\s*$")
# implements: 为贯彻落实《…》（…）精神 · 认真落实《…》 · 根据晋政办发〔2020〕86号文件精神 (GOVERNS before, SPIRIT after)
CITE_IMPLEMENTS = _deferred(r"贯彻|落实")
CITE_GOVERNS = _deferred(r"根据|按照|依据|依照|遵照")
CITE_SPIRIT = _deferred(r"精神")
# amends: 现将《…》（吕政办发〔2012〕101号）中有关政策规定补充如下 · 《…》附表中“…”修改为：“…”
CITE_AMENDS = _deferred(rf"(?:补充|修改|修订|修正)[{CJK}]{{0,4}}如下|(?:修改|修订|更改)为")
# repeals: 《…》（…）同时废止 · 不再执行 · 停止执行
CITE_REPEALS = _deferred(r"废止|不再执行|停止执行|宣布失效|不再施行")
# replaces: 本办法代替《…》 · 自2022年1月1日起施行，原《…》同时废止 (ORIGINAL just before the citation,
# FROM_DATE in its sentence)
CITE_REPLACES = _deferred(r"代替|替代|取代")
CITE_ORIGINAL = _deferred(r"原\s*$")
CITE_FROM_DATE = _deferred(r"自.{0,40}?起")

# Where a clause / a sentence ends, in text whose brackets, titles and quotations are masked.
CLAUSE_BREAK = _deferred(r"[，,。；;：:！!？?\t\n]")
SENTENCE_BREAK = _deferred(r"[。；;！!？?\t\n]")

# A title's subject: 吕梁市人民政府办公室关于印发《X》的通知 → X (the document issued with it, not cited
# by it) · 关于对X的批复 → X (what it approves). 转发 / 批转 keep theirs: the forwarded document is cited.
TITLE_SUBJECT = _deferred(
    rf"^(?P<issuer>.*?)关于(?:印发|公布|发布|对|批准|同意)?(?P<subject>.+?)的(?:{DOC_TYPE_ALT})$"
)
SUBJECT_SPLIT = _deferred(r"和|及|、")

# Comparing titles: the bracketed qualifiers at the end (（试行） · (2021—2025)), the marks dropped from
# a title's key, the dashes made one.
CITED_QUALIFIER = _deferred(r"(?:[（(][^（）()]*[）)])+$")
TITLE_KEY_MARKS = _deferred(r"[《》〈〉＜＞<>“”\"‘’']")
TITLE_KEY_DASH = _deferred(r"[—－–─-]+")


# --- Bodies ---
# Leading groups, work teams, commands, committees and joint meetings (extract stage,
# gongbao.extract.bodies). Apply to repaired line text unless they say otherwise; role labels may
# still be printed spaced out (组 长 · 副 组 长 · 成 员) where a line does not begin with them.


def _spaced(word: str) -> str:
    """组长 → 组[ \\t　]*长: PDF tools pad the characters of short labels with spaces."""
    return r"[ \t\u3000]*".join(re.escape(ch) for ch in word)


# What a body's name ends with, and the kind it makes (longest first).
BODY_KINDS = (
    ("领导小组", "leading_group"), ("领导组", "leading_group"),
    ("工作专班", "work_team"), ("专班", "work_team"),
    ("指挥部", "command"), ("指挥中心", "command"), ("指挥机构", "command"),
    ("联席会议", "joint_meeting"),
    ("委员会", "committee"),
    ("办公室", "office"),
    ("工作组", "other"), ("小组", "other"), ("组", "other"),
)
_BODY_END = "|".join(word for word, _ in BODY_KINDS)
# A whole heading that names a body, after its outline number and a list suffix are cut off:
# 吕梁市推动大规模设备更新和消费品以旧换新工作专班 · 吕梁市招商引资“三个一批”项目建设工作专班 ·
# 市火灾事故应急指挥部 · 综合协调组
BODY_NAME = _deferred(rf"^(?P<name>[{CJK}“”\"‘’《》（）()·0-9]{{1,48}}?(?:{_BODY_END}))$")
# The words after a body's name in the heading of its member list: 组成人员名单 · 成员名单 · 名单及职责
BODY_LIST_SUFFIX = _deferred(r"(?:组成人员名单|组成人员|成员名单|人员名单|名单及职责|名单|及其职责|及职责|组成|设置如下)[:：]?$")
# A name that says nothing on its own: 工作专班 · 领导小组 · 市级联席会议 · 本校…委员会 is local, not named.
BODY_GENERIC = _deferred(rf"^(?:市|本|该|各|各级|市级|县级|上级|下级|两级|其|全市)?(?:工作)?(?:{_BODY_END})$")
# Words that show a phrase, not a name (专门的领导组织或工作专班 · 市现场指挥部及工作组), and an issuer's
# office signing a document (吕梁市人民政府办公室), which no list heads.
BODY_NOT_A_NAME = _deferred(r"[的或及]|(?:人民政府|政府)办公室$|办公厅$")
# The outline number or label before a heading: 一、 · （一） · 2.3.1 · 附件1：
BODY_HEADING_NUMBER = _deferred(
    rf"^(?:第[{CN_NUMERAL}\d]{{1,4}}[章节条]|[{CN_NUMERAL}]{{1,3}}\s*[、.．]|[（(]\s*[{CN_NUMERAL}\d]{{1,3}}\s*[）)]"
    r"|\d{1,2}(?:\s*[.．]\s*\d{1,2})*\s*[.．、]?|附\s*件\s*\d{0,2}\s*[:：]?)\s*"
)
# A decimal heading of an emergency plan: 2.1 市火灾事故应急指挥部 · 2.3.1 综合协调组 (its level is the
# count of its numbers).
DECIMAL_HEADING = _deferred(r"^\s*(?P<number>\d{1,2}(?:\s*[.．]\s*\d{1,2})*)\s+(?=[" + CJK + r"])")

# Member roles as printed, longest first; spaces between their characters allowed.
MEMBER_ROLES = (
    "常务副组长", "第一组长", "执行组长", "副组长", "组长", "副专班长", "专班长",
    "常务副总指挥", "副总指挥", "总指挥", "常务副指挥长", "副指挥长", "指挥长",
    "副召集人", "召集人", "办公室常务副主任", "办公室副主任", "办公室主任", "常务副主任", "副主任", "主任",
    "副秘书长", "秘书长", "成员单位", "成员", "委员", "联络员",
)
_ROLE_ALT = "|".join(_spaced(r) for r in MEMBER_ROLES)
# A line that opens with a role label: 组 长：张广勇 市委副书记、 · 副组长: 任 忠 … · 成员单位：市应急局，…
# · - 组 长: … (a markdown list item) · 副指挥长：协助分管副市长工作的市政府副秘书长，…
MEMBER_ROLE_LINE = _deferred(rf"^[ \t\u3000]*(?:[-*•][ \t]+)?(?P<role>{_ROLE_ALT})[ \t\u3000]*[:：][ \t\u3000]*(?P<rest>.*)$")
# A table cell that is a role and nothing else: 指挥长 · 成员单位 · 组长：
MEMBER_ROLE_CELL = _deferred(rf"^[ \t\u3000]*(?P<role>{_ROLE_ALT})[ \t\u3000]*[:：]?[ \t\u3000]*$")
# Roles of an office's own list (办公室主任：吕文平（兼）).
OFFICE_ROLES = ("办公室常务副主任", "办公室副主任", "办公室主任", "常务副主任", "副主任", "主任")
# Roles naming units rather than people.
UNIT_ROLES = ("成员单位",)

# What a position ends with: 市委副书记、市长 · 市发展改革委主任 · 市交警支队党总支委员 · 市审计局总审计师
# · 国网吕梁供电公司总经理 · 市发展和改革委员会分管负责人 · 市交通运输局副局长（主持工作）. Not a bare
# 委员: 市发展和改革委员 is 委员会 broken over two lines.
POSITION_END = _deferred(
    r"(?:长|主任|书记|经理|主席|(?:党委|党组|党总支|总支|支部|纪委|政协|常委会|党工委)委员|常委|党组成员|负责人"
    r"|负责同志|调研员|巡视员|督学|工程师|规划师|审计师|经济师|会计师|总师|董事|总监|专员|政委|参谋|干部)"
    r"(?:[（(][^（）()]*[）)])*$"
)
# A whole name-shaped string that is a title, not a person: 副市长 · 市长 · 副秘书长 · 主任.
TITLE_ONLY = _deferred(r"^(?:常务)?副?(?:[市县区州省]长|秘书长|主任|书记|局长|部长|处长|科长|组长|委员|主席)$")
# A person's name: 2–4 CJK characters once the printer's padding is removed (张广勇 · 任 忠 → 任忠).
PERSON_NAME = _deferred(rf"^[{CJK}]{{2,4}}$")
# A note after a name: 吕文平（兼） · 卫海平(兼)
PERSON_NOTE = _deferred(r"[（(](?P<note>兼|兼任|代|待定|挂职)[）)]$")
# The position shared by a list of units: …、中国人民银行吕梁中心支行等单位分管负责人
UNITS_SHARED_POSITION = _deferred(r"等(?:单位|部门)?(?P<position>(?:主要|分管|相关)?(?:负责人|负责同志|领导))$")

# Where a body's office sits and who directs it:
# 领导小组下设办公室，设在市规划和自然资源局 · 办公室设在市住建局，… · 工作专班办公室设在市气象局 ·
# 联席会议办公室设在市市场监督管理局 · （以下简称市指挥部）下设办公室，办公室设在市消防救援支队
OFFICE_HOST = _deferred(
    r"(?:下设办公室[，,]?\s*(?:办公室)?|(?:^|[，,。；;、\s）)]|领导小组|工作专班|专班|联席会议|指挥中心|指挥部|委员会)办公室)"
    r"(?:设在|设于)(?P<host>[^，。；,;（(]+)"
)
# 办公室主任由卫海平兼任 · 主任由市气象局分管副局长担任 · 由市气象局主要负责人担任主任
OFFICE_DIRECTOR = _deferred(
    r"(?<!副)(?:办公室)?主任由(?P<who>[^，。；,;]+?)(?:同志)?(?:兼任|担任|兼)"
    r"|由(?P<who2>[^，。；,;由]+?)(?:同志)?(?:兼任|担任)(?:办公室)?主任"
)
# The name an office list is headed by: 综合办公室设在市发展改革委 · 高效利用办公室由市城管局、市工信局牵头设立
NAMED_OFFICE = _deferred(rf"(?P<name>[{CJK}]{{0,10}}办公室)(?:设在|设于|由)")
# Where a named office sits: …设在市发展改革委 · …由市城管局、市工信局牵头设立
OFFICE_AT = _deferred(r"(?:设在|设于)(?P<host>[^，。；,;（(]+)|由(?P<led>[^，。；,;由]+?)牵头设立")
# The title part of a position, after its unit: 局长 · 副局长（主持工作） · 党组书记 · 总审计师 · 三级调研员
POSITION_TITLE = _deferred(
    r"^(?:党组|党委|党工委|党总支)?(?:常务)?(?:副|总|一级|二级|三级|四级)?"
    r"(?:局长|处长|科长|主任|书记|部长|县长|市长|区长|队长|支队长|行长|经理|总经理|院长|馆长|站长|所长|会长|董事长"
    r"|秘书长|调研员|工程师|规划师|审计师|经济师|委员|成员)(?:[（(][^（）()]*[）)])?$"
)
# A duty paragraph's label: 职责：… · 工作职责：… · 主要职责：…
DUTY_LABEL = _deferred(r"^\s*(?:主要|工作|具体)?职责\s*[:：]\s*(?P<text>.*)$")
# A heading of a body's duties (not its office's, not its member units'): 一、主要职责 · （二）工作职责 ·
# 一、领导小组具体工作职责
DUTY_HEADING = _deferred(r"职责[。.]?$")
# How often a body meets: 工作专班实行旬调度、月通报机制 · 原则上每年召开1－2次会议 · 定期召开工作会议 ·
# 实行每月一研判、一季一推动、半年一总结 · 每季度召开一次…督促会 · 要定时召开会议
MEETING_CADENCE = _deferred(
    r"(?:每(?:年|半年|季度|季|个?月|周|旬|两周|双周)|定期|定时|不定期|随时|适时)[^，,。；;]*?(?:召开|会议|例会|调度|会商)"
    r"|[每一](?:月|季|周|旬)一(?:研判|调度|推动|会商)|[旬月季周]调度"
)
# A sentence that establishes a body: 市政府建立“吕梁市中心城区土地和规划综合执法联席会议”机制 ·
# 成立吕梁市塑料污染治理工作领导小组 · 市政府成立市优化营商环境促进市场主体倍增工作专班
BODY_FOUNDING = _deferred(
    rf"(?P<verb>成立|建立|组建|设立)(?!健全|完善)[“\"]?(?P<names>[{CJK}“”\"（）()、和]{{2,120}}?(?:领导小组|工作专班|专班|指挥部|指挥中心|联席会议|委员会))[”\"]?"
)
# Roles given in running text: 由分管副市长任组长 · 联席会议由分管副市长或委托副秘书长担任召集人 ·
# 相关部门负责人为成员 · 相关部门为成员单位
PROSE_ROLE = _deferred(
    r"由(?P<who>[^，。；,;由]+?)(?:担任|任|兼任)(?P<role>常务副组长|副组长|组长|副召集人|召集人|副总指挥|总指挥|副指挥长|指挥长)"
    r"|(?:^|(?<=[，,；;]))(?P<who2>[^，。；,;由]+?)(?:为|任)(?P<role2>成员单位|成员)(?=[，,。；;的]|$)"
)

# --- Search queries ---------------------------------------------------------------------------

# A document number as people type it into a search box: 吕政办发〔2021〕50号 · 吕政办发[2021]50号 ·
# 吕政办发2021 50 · 吕政办发 2021年 第50号. The prefix may carry words before it (查吕政办发…): the
# search stage keeps stored numbers whose prefix ends the typed one.
QUERY_DOC_NUMBER = _deferred(
    rf"""
    (?P<prefix>[{CJK}]{{2,12}}?)
    \s*{YEAR_OPEN}?\s*(?P<year>(?:19|20)\d\d)\s*年?\s*{YEAR_CLOSE}?\s*
    第?\s*(?P<seq>\d{{1,5}})(?!\d)\s*号?
    """,
    re.VERBOSE,
)
# Only the sequence number: 50号 (a year from a filter or elsewhere in the query narrows it).
QUERY_DOC_SEQ = _deferred(r"(?<![\d〕\]）)])(?P<seq>\d{1,5})\s*号")
QUERY_YEAR = _deferred(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")
QUERY_YEAR_WORD = _deferred(r"(?<!\d)(?:19|20)\d\d\s*年?(?!\d)")

# What kind of answer a question wants; a question may want several.
QUESTION_WHO = _deferred(
    r"谁|设在|哪[个家些一]?[\u4e00-\u9fff]{0,4}?(?:部门|单位|机构|局|委|科室|公司|企业|银行|医院|学校|机关)|什么(?:部门|单位|机构|公司|企业)|哪一?级(?:政府|部门|人民政府)|牵头|负责|责任单位|主管|管理部门|组长|召集人|指挥长|总指挥"
)
QUESTION_WHEN = _deferred(
    r"什么时[候间]|啥时[候间]?|何时|几时|几点|哪天|哪一天|哪几年|哪年|哪一年|几月|几号|几年|多久|多长时间|多长|期限|截止|时限|日期|时间|之前|前完成|到期|施行期|有效期"
)
QUESTION_AMOUNT = _deferred(r"多少|多大|多高|几[个项家万元分户次倍级成]|什么(?:标准|比例|价格)|标准是|比例是|金额|数额|额度|规模")
QUESTION_CONTACT = _deferred(r"咨询|电话|联系|(?:找谁|问谁|找哪个?(?:部门|单位)?|问哪个?(?:部门|单位)?)(?=[？?，,。！!]|$|问|了解)|打哪|热线|打给")
# Lists and levels: 哪些 · 分几级 · 包括什么 · 有几类
QUESTION_LIST = _deferred(r"哪些|哪[几两三四五六七八九十\d]+|分几|分为几|分成几|几[级类种个项条点方面档步批]|包括什么|包含什么|包括哪|有什么|都有什么|有哪")
# Conditions: 什么情况下 · 哪些情形 · 条件 · 符合什么
QUESTION_CONDITION = _deferred(r"(?:能|可以|算|属于|符合)[^？?，,。]{0,24}吗|有没有我|能不能|可不可以|能否|什么情[况形]|哪些情[况形]|哪种情[况形]|啥情况|情形|条件|符合什么|满足什么|达到什么|什么标准|启动.{0,6}(?:响应|预警)|怎样才|才能|才算|什么样|什么叫|什么是|何为|是指什么|指的是什么|算不算|属不属于")
# Procedures: 怎么办 · 如何申请 · 流程 · 要什么材料
QUESTION_PROCEDURE = _deferred(
    r"怎么|怎样|如何|咋|流程|程序|步骤|手续|需要(?:提交|准备|带|提供)|什么材料|哪些材料|途径|渠道|方式"
    r"|(?:向|到|去|在|找|往)哪(?:里|儿)?(?:去|能|可以)?(?:举报|投诉|申请|反映|报告|报|提交|办理|申报|登记|备案)"
)
# Verbs of a procedure that may as well be the topic of another question (什么时候申报)
QUESTION_PROCEDURE_VERB = _deferred(r"办理|申请|申报|报名|登记")
# The words that only ask (not what about): left out when weighing what a sentence holds.
QUESTION_PHRASE = _deferred(
    r"(?:什么时[候间]|啥时[候间]?|何时|几时|哪天)(?:开始|起|实施|施行|执行|截止|结束|为止)?|从什么时[候间]"
    r"|(?:出现|发生|遇到|碰到|有|在)(?:什么|哪些|哪种|啥)(?:样的)?(?:情况|情形)下?"
    r"|什么样|什么叫|什么是|哪[一二两三四五六七八九十几]+[个项类种级条点档步批方面阶段环节]*|(?:哪个|哪些|哪家|什么|哪级|哪|啥)(?:部门|单位|机构|局|时候|时间|职务|情况|情形|方面)?"
    r"|由?谁来?|多少钱?|多大|多久|多长时间|多长|几[个项家万元分户次倍级年月号天类种条点档步批]*(?:阶段|环节|方面)?"
    r"|怎么办|怎么样|怎么|怎样|如何|是否|能不能|可不可以|有没有|吗|分为|分成|分几|什么样|才算|什么叫|什么是"
    r"|咨询电话|咨询|电话|联系|找谁|问谁|找哪|问哪|打哪|热线|打给|有问题|有疑问|疑问|不明白|不清楚|不懂"
)
# What a sentence that answers each kind holds.
ANSWER_WHO = _deferred(
    r"设在|牵头|负责|责任单位|配合单位|主管|组长|由[^，。；]{2,40}?(?:负责|承担|组织|实施)"
    r"|(?:指挥长|组长|召集人|主任|总指挥)\s*[：:]|副?(?:市长|县长|区长|局长|主任|书记|秘书长|支队长|部长|馆长|院长|校长|所长|站长|处长|科长|经理|董事长|会长|队长)(?![\u4e00-\u9fff]{0,2}(?:会议|办公会))"
)
ANSWER_WHEN = _deferred(
    r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*点(?:钟|半|\s*\d{1,2}\s*分)|\d{1,2}\s*[－—–-]\s*\d{1,2}\s*[时月]|(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?|\d{1,2}\s*月份?(?:底|初|\d{1,2}\s*日|[上中下]旬|起|开始|前)|年底前|月底前|年内|之日起|起施行|有效期|暂定\s*\d+\s*年"
    r"|\d+\s*个?(?:工作日|日|天|周|个月|年)|每(?:年|季度|季|月)(?:的)?(?:第[一二三四\d]+个月|\d{1,2}\s*日|[上中下]旬|初|底|末)"
)
# A date as printed: 2021年8月20日 · 8月底 · 2024年5月
ANSWER_DATE = _deferred(r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*(?:\d{1,2}\s*日|底|上旬|中旬|下旬)")
# How often: 每两月听取一次 · 每季度 · 每月15日
ANSWER_FREQUENCY = _deferred(r"每(?:[一二两三四五六七八九十半\d]+个?)?(?:年度|年|季度|季|月|周|旬|天|日)|按(?:年|季|月|周)|定期")
# A time a thing starts (自2021年8月20日起实施 · 自印发之日起施行) and a deadline (8月底前完成)
ANSWER_START = _deferred(r"(?:自|从|于)[^，。；]{0,24}(?:起|开始)|之日起|起(?:施行|实施|执行|试行|生效)")
ANSWER_DEADLINE = _deferred(r"(?:年|月|日|底|旬)前|截止|截至|之前|以前|期限|时限")
# The number in front of an outline label: (八) · 一、 · 2.3.1 · 第三条
OUTLINE_NUMBER_PREFIX = _deferred(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}(?:[.．]\d{1,2})*[、.．]?|第[一二三四五六七八九十百\d]+[章节条])\s*")
# A sentence that names a unit: 市行政审批服务管理局 · 县住房城乡建设局 · 市政府办公室
ANSWER_UNIT = _deferred(
    r"[市县区省][\u4e00-\u9fff]{1,12}(?:局|委|办|厅|中心|政府|支队|公司|部门|机关)(?![\u4e00-\u9fff]{0,2}(?:建设|改造))"
    r"|[\u4e00-\u9fff]{2,20}(?:有限公司|分公司|有限责任公司|集团|领导小组|领导组|指挥部|委员会|上级机关)"
)
# The classifier a list question counts by: 分几个等级 · 哪几类 · 哪两类 · 几个方面
QUESTION_CLASSIFIER = _deferred(
    r"(?:几|哪[一二两三四五六七八九十几\d]*)\s*[个大]?\s*(?P<noun>等级|级别|级|类别|类|种类|种|方面|阶段|环节|步骤|步|档|部分|批|项|条|点|行动|任务|工程|举措|措施|县|乡镇|镇|村"
    r"|办公室|小组|专班|部门|单位|[\u4e00-\u9fff]{0,2}组|个)"
)
# A sentence that lists: 三级、二级、一级三个等级 · 分为… · 包括… · 主要有以下
ANSWER_LIST = _deferred(r"[^、，。；]{1,20}、[^、，。；]{1,20}、|分为|划分为|设定为|包括|包含|主要有|以下[几\d一二三四五六七八九十]*[个类种项方面]|[一二三四五六七八九十\d]+(?:个|类|种|项)(?:等级|级别|类别|方面)")
# A sentence that states a condition: 符合以下情形之一 · 发生…时 · 凡… · 达到…的
ANSWER_CONDITION = _deferred(r"情形|条件|符合|满足|达到|之一|凡|[^，。；]{2,}的[，,]|[^，。；]{2,}时[，,]|发生|是指|所称|指的是|不大于|不小于|不超过|不少于|以上|以下")
# A sentence that says how to do it: 向…提出申请 · 提交…材料 · 办理 · 流程
ANSWER_PROCEDURE = _deferred(r"申请|提交|提供|报送|办理|受理|审核|审批|登记|备案|流程|程序|步骤|材料|向[^，。；]{2,30}?(?:提出|报送|申请|提交|举报|投诉|反映|报告|登记|报备)|报告[^，。；]{2,20}(?:支队|部门|局|办公室)")
# A number with a unit: 2000元 · 35% · 13个工作日 · 3865公里 · 3.7批次/千人
AMOUNT_UNITS = (
    r"个百分点|万元|亿元|元|%|％|‰|平方米|平方公里|㎡|立方米|m³|微克|毫克|万吨|吨|公斤|千克|公顷|万亩|亩|公里|千米|米|万千瓦|千瓦|兆瓦|"
    r"万户|户|万人|人|名|个工作日|个|项|家|次|批次|倍|分|日|天|年|月|周岁|岁|辆|台|套|座|所|张|条|处|栋|部"
)
AMOUNT = rf"\d+(?:[.．]\d+)?\s*(?P<unit>{AMOUNT_UNITS})"
ANSWER_AMOUNT = _deferred(AMOUNT)
# A question about money even when it names no unit: 多少补助 · 补贴标准
QUESTION_MONEY = _deferred(r"补助|补贴|奖励|奖金|资助|费用|资金|价格|收费|罚款|工资|薪酬|[^消]费(?:多少|标准)|多少钱|钱")
# The unit a question asks a number in: 多少钱 → 元, 几个工作日, 多少公里, 多少亿元.
QUESTION_UNIT = _deferred(r"(?:多少|几)(?P<unit>钱|万元|亿元|元|平方米|平方公里|万吨|吨|公顷|万亩|亩|公里|万户|户|万人|人|个工作日|个|项|家|次|批次|倍|分|天|日|年|月|岁)")
# A five-year plan named by its ordinal (十四五 = 2021–2025): the year it ends in.
PLAN_PERIOD = _deferred(r"十(?P<n>[一二三四五六七八九])(?:五|个五年)")  # 十四五 · 第十四个五年规划
